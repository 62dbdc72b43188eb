from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from lokakarya.core.converters import database_id
from lokakarya.core.forms import Form


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_int(value) -> int | None:
    return database_id(value)


class LoginForm(Form):
    email = EmailField(_l("E-mail"), filters=[_strip], validators=[DataRequired(), Email()])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired()])


class ForgotPasswordForm(Form):
    email = EmailField(_l("E-mail"), filters=[_strip], validators=[DataRequired(), Email()])


def weak_password_message() -> str:
    """What passwords.password_problem refuses, said to people."""
    return _("Kata sandi minimal 10 karakter dan memadukan huruf dengan angka atau tanda baca.")


class SetPasswordForm(Form):
    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(min=10)])
    confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[DataRequired(), EqualTo("password", message=_l("Kedua kata sandi tidak sama."))],
    )


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(_l("Kata sandi saat ini"), validators=[DataRequired()])


class InviteForm(Form):
    """An organiser invites a focal point (admins may also invite organisers)."""

    email = EmailField(_l("E-mail"), filters=[_strip], validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Nama"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Peran"))
    agency_id = SelectField(_l("Instansi"), coerce=_optional_int, validate_choice=False)
    province_code = SelectField(_l("Provinsi"), validate_choice=False)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # The view fills the choices; ids from elsewhere are refused like an empty choice.
        if str(self.agency_id.data) not in {c.value for c in self.agency_id.choices}:
            self.agency_id.data = None
        if self.province_code.data not in {c.value for c in self.province_code.choices}:
            self.province_code.data = None
        if self.role.data == "agency_focal_point" and not self.agency_id.data:
            self.agency_id.errors.append(_l("Focal point instansi memerlukan instansi."))
            ok = False
        if self.role.data == "province_focal_point" and not self.province_code.data:
            self.province_code.errors.append(_l("Focal point provinsi memerlukan provinsi."))
            ok = False
        return ok


class SecondFactorForm(Form):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = StringField(_l("Kode"), filters=[_strip], validators=[DataRequired(), Length(max=40)])


class TotpSetupForm(Form):
    code = StringField(_l("Kode dari aplikasi"), filters=[_strip], validators=[DataRequired(), Length(max=20)])
    # Adding a factor asks for the password too: a borrowed session must not tie its own
    # authenticator (or passkey) to the account, which would outlive a new password.
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired()])
    setup = HiddenField(validators=[DataRequired(), Length(max=500)])


class PasswordConfirmForm(Form):
    """Removing a second factor (or making new recovery codes) asks for the password again."""

    password = PasswordField(_l("Kata sandi"), validators=[DataRequired()])


class PasskeyForm(Form):
    """The browser's answer (filled in by static/js/passkeys.js) and the signed ceremony state."""

    credential = HiddenField(validators=[DataRequired(), Length(max=20_000)])
    state = HiddenField(validators=[DataRequired(), Length(max=500)])


class AddPasskeyForm(PasskeyForm):
    name = StringField(_l("Nama passkey"), filters=[_strip], validators=[DataRequired(), Length(max=100)],
                       render_kw={"required": True, "maxlength": 100},
                       description=_l("Misalnya: Laptop kantor, Ponsel"))
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired()], render_kw={"required": True},
                             id="passkey_password")  # /account has the new-password field "password"
