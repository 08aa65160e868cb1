from django.dispatch import Signal

#: Sent after a transaction that created officers or moved them between agencies
#: has committed (roster import, admin). kwargs: user_ids. Courses listen to it
#: to enrol those officers through the existing assignments.
officers_changed = Signal()
