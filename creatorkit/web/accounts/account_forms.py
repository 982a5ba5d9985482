"""The forms of one's own account: sign up, reset and change the password, change the
e-mail address, delete the account. Each check is the storage's own rule (address,
name, handle) or the password rule, so a message stands next to its field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo

from creatorkit.errors import InputError
from creatorkit.storage import creators as creator_store
from creatorkit.storage import users
from creatorkit.web.accounts.passwords import check_password
from creatorkit.web.db import get_db


def storage_rule(rule):
    """A WTForms validator from a storage function that normalises or raises InputError."""
    def validate(_form, field) -> None:
        try:
            field.data = rule(field.data or "")
        except InputError as exc:
            raise ValidationError(exc.message) from None
    return validate


EMAIL = [storage_rule(users.normalise_email)]
NEW_PASSWORD = [storage_rule(check_password)]
AGAIN = [EqualTo("password", message=_l("The two passwords differ."))]


class SignupForm(FlaskForm):
    kind = RadioField(_l("I am"), choices=[SelectChoice("creator", _l("a creator: I want a media kit")),
                                           SelectChoice("brand", _l("a brand: I look for creators"))],
                      default="brand")
    name = StringField(_l("Your name, or your brand's"), [storage_rule(users.normalise_name)])
    handle = StringField(_l("Address of your kit (creators): /@…"))
    email = EmailField(_l("E-mail"), EMAIL)
    password = PasswordField(_l("Password (at least 10 characters)"), NEW_PASSWORD)
    password_again = PasswordField(_l("Password again"), AGAIN)

    def validate_handle(self, field) -> None:
        if self.kind.data != "creator":
            field.data = None
            return
        storage_rule(creator_store.normalise_handle)(self, field)
        if creator_store.find_creator(get_db(), field.data) is not None:
            raise ValidationError(_l("This address is taken: choose another one."))


class EmailForm(FlaskForm):
    """Ask for a link by e-mail (password reset)."""
    email = EmailField(_l("E-mail"), EMAIL)


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password (at least 10 characters)"), NEW_PASSWORD)
    password_again = PasswordField(_l("New password again"), AGAIN)


class PasswordChangeForm(ResetForm):
    current = PasswordField(_l("Current password"), [DataRequired()])


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("New e-mail address"), EMAIL)
    current = PasswordField(_l("Current password"), [DataRequired()])


class DeleteAccountForm(FlaskForm):
    confirm = StringField(_l("Type DELETE to confirm"))
    current = PasswordField(_l("Current password"), [DataRequired()])

    def validate_confirm(self, field) -> None:
        if (field.data or "").strip() != "DELETE":
            raise ValidationError(_l("Type DELETE in capitals to confirm."))
