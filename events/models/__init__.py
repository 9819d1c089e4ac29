from .pages import EventIndexPage, EventPage
from .programme import Session, SessionSpeaker
from .registration import Registration, RegistrationNotice, SeatLock

__all__ = [
    "EventIndexPage",
    "EventPage",
    "Registration",
    "RegistrationNotice",
    "SeatLock",
    "Session",
    "SessionSpeaker",
]
