"""Evaluation results: GET /events/{slug}/evaluation (organisers)."""
from flask import jsonify

from lokakarya.api import bp
from lokakarya.api.auth import token_required
from lokakarya.evaluation.services import form_for, results_json
from lokakarya.reminders.api import event_or_404


@bp.get("/events/<slug>/evaluation")
@token_required("organiser")
def evaluation_results(slug: str):
    return jsonify(results_json(form_for(event_or_404(slug).id)))
