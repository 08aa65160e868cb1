from django.dispatch import Signal

#: Sent after a transaction that created officers or moved them between agencies
#: has committed (roster import, admin). kwargs: user_ids. Courses listen to it
#: to enrol those officers through the existing assignments.
officers_changed = Signal()

#: Sent inside the transaction that granted or revoked one of a user's agency
#: roles. kwargs: user. Courses listens to it to give trainers and approvers
#: the page rights of the course sections their agencies own.
agency_roles_changed = Signal()
