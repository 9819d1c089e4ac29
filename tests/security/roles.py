"""The roles of the permission model and the marker strings planted in private data.

Plain data (no Django imports), so that the permission table can be printed as Markdown
without a database.
"""

# Most privileged first: every URL is requested in this order, so that a response rendered
# for a privileged reader is the one a cache could hand to the readers after it.
ROLES = (
    "administrator",
    "moderator",
    "editor",
    "provider",
    "member",
    "non_member",
    "guest",
    "anonymous",
)
SIGNED_IN_ROLES = ROLES[:6]

ROLE_HEADINGS = {
    "administrator": "admin",
    "moderator": "moderator",
    "editor": "editor",
    "provider": "provider",
    "member": "member",
    "non_member": "non-member",
    "guest": "guest",
    "anonymous": "anonymous",
}

# Unique strings planted in private data (and a few public ones). A private one may reach only
# the readers the permission table names; none may ever reach an anonymous reader.
MARKERS = {
    # people: names and addresses
    "admin_name": "Adele Zq7admin",
    "admin_email": "adele.zq7admin@example.org",
    "moderator_name": "Moritz Zq7moderator",
    "moderator_email": "moritz.zq7moderator@example.org",
    "editor_name": "Edda Zq7editorin",
    "editor_email": "edda.zq7editor@example.org",
    "provider_email": "paula.zq7provider@example.org",
    "member_email": "mira.zq7member@example.org",
    "non_member_email": "nora.zq7nonmember@example.org",
    "non_member_name": "Nora Zq7nichtmitglied",
    "other_member_email": "otto.zq7othermember@example.org",
    "participant_name": "Olga Zq7teilnehmerin",
    "participant_email": "olga.zq7participant@example.org",
    "nameless_email": "zq7nameless@example.org",
    "guest_email": "gerd.zq7guest@example.org",
    "guest_participant_email": "greta.zq7participant@example.org",
    "newsletter_email": "nele.zq7newsletter@example.org",
    # content
    "article_text": "Zq7 oeffentlicher Artikeltext",
    "comment_text": "Zq7 bestaetigter Gastkommentar",
    "unconfirmed_comment_text": "Zq7 unbestaetigter Gastkommentar",
    "members_only_text": "Zq7 Mitgliederbereich Haushaltsentwurf",
    "members_only_title": "Zq7Mitgliederprotokoll vertraulich",
    "draft_text": "Zq7 unveroeffentlichter Entwurf",
    "draft_title": "Zq7Entwurfsseite intern",
    "profile_live_text": "Zq7 veroeffentlichte Kurzbiografie",
    "profile_draft_text": "Zq7 Profilaenderung wartet auf Freigabe",
    "solution_text": "Zq7 Loesungsbeschreibung",
    "solution_draft_text": "Zq7 Loesungsentwurf des Anbieters",
    "solution_contact_email": "vertrieb.zq7solution@example.org",
    "organisation_contact_email": "kontakt.zq7organisation@example.org",
    "member_registration_notes": "Zq7 vegetarisch, Rollstuhlplatz",
    "participant_registration_notes": "Zq7 Notiz der anderen Teilnehmerin",
    "guest_registration_notes": "Zq7 Notiz des Gastes",
    "application_reason": "Zq7 Begruendung des Mitgliedsantrags",
    "contact_message": "Zq7 Nachricht an ein Mitglied",
    "login_document_text": "Zq7 Inhalt des Dokuments fuer Angemeldete",
    "members_document_text": "Zq7 Inhalt des Dokuments fuer Mitglieder",
    "members_document_title": "Zq7Haushaltsplan Mitglieder 2027",
    "library_file_text": "Zq7 Folieninhalt fuer Mitglieder",
    "library_file_title": "Zq7Klausurfolien Lenkungskreis",
}

# Meant for everyone: what the public pages show.
PUBLIC_MARKERS = frozenset({"article_text", "comment_text", "profile_live_text", "solution_text"})
PRIVATE_MARKERS = tuple(key for key in MARKERS if key not in PUBLIC_MARKERS)
