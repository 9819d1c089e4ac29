from .pages import EventIndexPage, EventPage
from .programme import Session, SessionSpeaker
from .registration import Registration

__all__ = ["EventIndexPage", "EventPage", "Registration", "Session", "SessionSpeaker"]
