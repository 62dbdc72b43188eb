"""Evaluation: the organiser's questionnaire and results, and the participant's answer."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lokakarya.audit.services import record, snapshot
from lokakarya.auth.decorators import staff_required
from lokakarya.core.downloads import XLSX, attachment
from lokakarya.core.forms import FORBIDDEN_CHARACTERS, ActionForm
from lokakarya.core.lookup import or_404
from lokakarya.evaluation.answers import field_name, parse_answers
from lokakarya.evaluation.export import workbook_bytes
from lokakarya.evaluation.forms import QuestionForm, SettingsForm, kind_labels
from lokakarya.evaluation.models import Question
from lokakarya.evaluation.services import (
    AlreadyAnswered,
    add_question,
    answer_rows,
    default_form,
    ensure_form,
    form_for,
    has_answered,
    not_answered,
    remind,
    response_count,
    results,
    specs,
    submit,
)
from lokakarya.events.agenda import by_day
from lokakarya.events.queries import event_for_page
from lokakarya.extensions import db
from lokakarya.registration.views import registration_for_token
from lokakarya.registration.zones import participant_timezone

bp = Blueprint("evaluation", __name__)

SETTINGS = ("is_open", "required_for_certificate")


def _event(slug: str):
    return or_404(event_for_page(slug))


def problem_text(code: str) -> str:
    return {
        "required": _("Pertanyaan ini wajib dijawab."),
        "rating": _("Pilih nilai 1 sampai 5."),
        "choice": _("Pilih dari pilihan yang tersedia."),
        "too_long": _("Jawaban terlalu panjang."),
        "forbidden_characters": str(FORBIDDEN_CHARACTERS),
    }[code]


def _bars(counts: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """(label, count, largest count) rows for the shared bar chart."""
    top = max(count for _label, count in counts)
    return [(label, count, top) for label, count in counts]


def _page(event, question_form=None, status=200):
    form = form_for(event.id) or default_form(event)  # saved by the first change, not by reading
    summary = results(form)
    return render_template(
        "evaluation/manage.html", event=event, form=form, results=summary,
        charts={r.question_id: _bars(r.counts) for r in summary if r.counts},
        responses=response_count(form.id), missing=not_answered(event.id, form.id),
        settings_form=SettingsForm(obj=form), question_form=question_form or QuestionForm(),
        action_form=ActionForm(),
    ), status


@bp.get("/events/<slug>/evaluation")
@staff_required
def manage(slug: str):
    return _page(_event(slug))


@bp.post("/events/<slug>/evaluation/settings")
@staff_required
def settings(slug: str):
    event = _event(slug)
    form = ensure_form(event)
    settings_form = SettingsForm()
    if not settings_form.validate_on_submit():
        abort(400)
    before = snapshot(form, SETTINGS)
    form.is_open = settings_form.is_open.data
    form.required_for_certificate = settings_form.required_for_certificate.data
    record("evaluation.settings", form, before=before, after=snapshot(form, SETTINGS), event_id=event.id)
    db.session.commit()
    flash(_("Pengaturan evaluasi disimpan."), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/evaluation/questions")
@staff_required
def add(slug: str):
    event = _event(slug)
    form = ensure_form(event)
    question_form = QuestionForm()
    if not question_form.validate_on_submit():
        return _page(event, question_form, status=422)
    choices = [c for c in (question_form.options.data or "").splitlines() if c.strip()]
    if question_form.kind.data in ("single", "multiple") and len(choices) < 2:
        question_form.options.errors = [_("Isi paling sedikit dua pilihan, satu per baris.")]
        return _page(event, question_form, status=422)
    question = add_question(form, question_form.kind.data, question_form.text.data,
                            question_form.options.data or "", question_form.required.data)
    record("evaluation.question_add", question, event_id=event.id,
           after={"kind": question.kind, "text": question.text, "required": question.required})
    db.session.commit()
    flash(_("Pertanyaan ditambahkan."), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/evaluation/questions/<int:question_id>/delete")
@staff_required
def delete(slug: str, question_id: int):
    event = _event(slug)
    form = ensure_form(event)
    question = db.session.get(Question, question_id)
    if question is None or question.form_id != form.id or not ActionForm().validate_on_submit():
        abort(404)
    if response_count(form.id):
        flash(_("Pertanyaan tidak dapat dihapus karena sudah ada jawaban."), "error")
        return redirect(url_for(".manage", slug=slug))
    record("evaluation.question_delete", question, event_id=event.id,
           before={"kind": question.kind, "text": question.text})
    form.questions.remove(question)
    db.session.commit()
    flash(_("Pertanyaan dihapus."), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.post("/events/<slug>/evaluation/remind")
@staff_required
def remind_missing(slug: str):
    event = _event(slug)
    form = ensure_form(event)
    if not ActionForm().validate_on_submit():
        abort(400)
    count = remind(event, not_answered(event.id, form.id))
    record("evaluation.remind", form, event_id=event.id, after={"recipients": count})
    db.session.commit()
    flash(_("Pengingat evaluasi dikirim ke %(count)d peserta.", count=count), "success")
    return redirect(url_for(".manage", slug=slug))


@bp.get("/events/<slug>/evaluation.xlsx")
@staff_required
def export(slug: str):
    event = _event(slug)
    form = form_for(event.id)
    if form is None:
        abort(404)
    labels = {"summary": _("Ringkasan"), "answers": _("Jawaban"), "question": _("Pertanyaan"),
              "respondents": _("Penjawab"), "average": _("Rata-rata"), "counts": _("Jumlah per pilihan"),
              "kind": _("Jenis pertanyaan")}
    kinds = {kind: str(text) for kind, text in kind_labels().items()}
    data = workbook_bytes(event.title, specs(form), answer_rows(form.id), labels, kinds)
    return attachment(data, f"evaluasi-{event.slug}.xlsx", XLSX, headers={"X-Content-Type-Options": "nosniff"})


# --- the participant ------------------------------------------------------------------------

@bp.app_template_global()
def evaluation_state(registration) -> dict | None:
    """What the participant's page shows: nothing, the questionnaire, or a thank-you."""
    if registration.status != "confirmed":
        return None
    form = form_for(registration.event_id)
    if form is None or not form.is_open or not form.questions:
        return None
    return {"form": form, "answered": has_answered(form.id, registration.id),
            "required": form.required_for_certificate}


@bp.post("/r/<token>/evaluation")
def answer(token: str):
    registration = registration_for_token(token)
    state = evaluation_state(registration)
    if state is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if state["answered"]:
        flash(_("Anda sudah mengisi evaluasi ini."), "error")
        return redirect(url_for("registration.personal", token=token))
    values, problems = parse_answers(specs(state["form"]), request.form.get, request.form.getlist)
    if problems:
        event = registration.event
        flash(_("Periksa kembali jawaban Anda."), "error")
        return render_template(
            "registration/personal.html", registration=registration, event=event,
            viewer_tz=participant_timezone(registration), days=by_day(event.sessions, event.timezone),
            evaluation_errors={field_name(q): problem_text(code) for q, code in problems.items()},
            evaluation_values=request.form,
        ), 422
    try:
        submit(state["form"], registration, values, anonymous=bool(request.form.get("anonymous")))
    except AlreadyAnswered:
        db.session.rollback()
        flash(_("Anda sudah mengisi evaluasi ini."), "error")
        return redirect(url_for("registration.personal", token=token))
    db.session.commit()
    flash(_("Terima kasih, jawaban evaluasi Anda tersimpan."), "success")
    return redirect(url_for("registration.personal", token=token) + "#evaluation")
