"""Password hashing with argon2id (argon2-cffi), and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 200
_hasher = PasswordHasher()  # the library's defaults (RFC 9106 low-memory profile)
# Verified when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY = _hasher.hash("geen-gebruiker-met-deze-naam")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when the password matches the stored hash; False for a mismatch, a broken hash or no user."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """The hash was made with older parameters: replace it at the next successful login."""
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def password_problem(password: str, name: str = "") -> str | None:
    """Why a new password is refused (Dutch), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Een wachtwoord heeft minstens {MIN_LENGTH} tekens."
    if len(password) > MAX_LENGTH:
        return f"Een wachtwoord heeft hoogstens {MAX_LENGTH} tekens."
    if name and password.strip().lower() == name.strip().lower():
        return "Het wachtwoord mag niet gelijk zijn aan de gebruikersnaam."
    if len(set(password)) < 4:
        return "Dit wachtwoord is te eenvoudig: gebruik meer verschillende tekens."
    return None
