from .applications import MembershipApplication
from .choices import State
from .contact_requests import ContactRequest
from .members import MemberIndexPage, MemberPage
from .organisations import Organisation, OrganisationType
from .projects import (
    PartnerRole,
    ProjectArticleLink,
    ProjectIndexPage,
    ProjectPage,
    ProjectPartner,
    ProjectPhase,
)
from .solutions import (
    SIZE_FIELDS,
    ApplicationField,
    Maturity,
    MunicipalitySize,
    PriceModel,
    SolutionDocument,
    SolutionIndexPage,
    SolutionPage,
    SolutionReference,
)
from .users import User

__all__ = [
    "SIZE_FIELDS",
    "ApplicationField",
    "ContactRequest",
    "Maturity",
    "MemberIndexPage",
    "MemberPage",
    "MembershipApplication",
    "MunicipalitySize",
    "Organisation",
    "OrganisationType",
    "PartnerRole",
    "PriceModel",
    "ProjectArticleLink",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPartner",
    "ProjectPhase",
    "SolutionDocument",
    "SolutionIndexPage",
    "SolutionPage",
    "SolutionReference",
    "State",
    "User",
]
