from django.dispatch import Signal

#: Sent after the transaction that completed an enrolment has committed.
#: kwargs: enrolment. Certificates listen to it.
enrolment_completed = Signal()
