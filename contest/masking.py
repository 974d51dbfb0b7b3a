"""Masking personal data for public lists: a name becomes the family name plus initials
("Nguyễn Văn An" → "Nguyễn V. A."), enough for winners to recognise themselves, not enough to
identify a stranger (Luật 91/2025 Art. 16: publish only what the purpose needs)."""


def mask_name(full_name: str) -> str:
    parts = (full_name or "").split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][:1] + "."
    return " ".join([parts[0]] + [p[:1].upper() + "." for p in parts[1:]])


def mask_citizen_id(citizen_id: str | None) -> str:
    """Keep the last three digits: ********1234 style, for the entrant's own pages and officers."""
    if not citizen_id:
        return ""
    return "*" * (len(citizen_id) - 3) + citizen_id[-3:]
