"""How personal data shows where it is not needed in full."""


def mask_phone(phone: str) -> str:
    """138****5678: the middle hidden."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def mask_id_number(number: str) -> str:
    """320621********1234: the birth date and sequence hidden, the region and the last four kept."""
    return number[:6] + "********" + number[-4:] if len(number) == 18 else "****"


def mask_email(email: str) -> str:
    """w***@newfirm.test: the mailbox hidden but its first letter, the domain kept."""
    local, at, domain = email.partition("@")
    return f"{local[:1]}***{at}{domain}" if at else "***"


MASKS = {"phone": mask_phone, "email": mask_email}
