from .agencies import Agency, AgencyRole, Role
from .audit import AuditChainHead, AuditEvent
from .pages import HomePage
from .users import User

__all__ = ["Agency", "AgencyRole", "AuditChainHead", "AuditEvent", "HomePage", "Role", "User"]
