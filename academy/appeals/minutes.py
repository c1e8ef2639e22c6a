"""Minutes of a sitting (AP-5, AP-15.4, AP-16, AP-23) as a PDF, in the active language.

`minutes_blocks` says what the minutes contain (and is what the tests read);
`render_minutes` lays the blocks out with ReportLab in a font with every Kazakh letter.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from academy.core.pdf import Block, render_blocks

from .models import Appeal, ReviewSheet, Sitting, Stage


def _when(moment) -> str:  # noqa: ANN001
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def minutes_blocks(sitting: Sitting) -> list[Block]:
    commission = sitting.commission
    blocks: list[Block] = [
        ("head", _("Minutes of the sitting of the appeals commission")),
        ("text", commission.title),
        (
            "text",
            _("Date and place: %(when)s, %(place)s")
            % {"when": _when(sitting.starts_at), "place": sitting.place},
        ),
        ("sub", _("Attendance at the sitting")),
    ]
    present = set(sitting.present_members.values_list("pk", flat=True))
    rows = [[pgettext("appeals", "Member"), pgettext("appeals", "Present")]]
    for member in commission.members.order_by("surname"):
        label = member.full_name
        if member.pk == commission.chair_id:
            label += " (" + pgettext("appeals", "chair") + ")"
        rows.append([label, _("yes") if member.pk in present else _("no")])
    rows.append(
        [commission.secretary.full_name + " (" + pgettext("appeals", "secretary") + ")", "—"]
    )
    blocks.append(("table", rows))
    appeals = sitting.appeals.select_related("result__candidate", "result__exam").order_by("pk")
    for appeal in appeals:
        blocks += _appeal_blocks(appeal)
    blocks += [
        ("text", _("Chair: %(name)s ____________") % {"name": commission.chair.full_name}),
        ("text", _("Secretary: %(name)s ____________") % {"name": commission.secretary.full_name}),
    ]
    return blocks


def _appeal_blocks(appeal: Appeal) -> list[Block]:
    result = appeal.result
    blocks: list[Block] = [
        (
            "sub",
            _("%(appeal)s: %(candidate)s, %(stage)s")
            % {
                "appeal": appeal,
                "candidate": result.candidate.full_name,
                "stage": result.get_stage_display(),
            },
        ),
        (
            "text",
            _("Points: %(points)s, threshold: %(threshold)s")
            % {"points": result.points, "threshold": result.threshold},
        ),
        (
            "text",
            _("Candidate's attendance: %(value)s") % {"value": appeal.get_attendance_display()},
        ),
    ]
    if appeal.status == Appeal.Status.NOT_CONSIDERED:
        blocks.append(("text", _("Not considered: %(reason)s") % {"reason": appeal.status_reason}))
        return blocks
    recused = set(appeal.recusals.values_list("member_id", flat=True))
    rows = [[pgettext("appeals", "Member"), pgettext("appeals", "Vote")]]
    for vote in appeal.votes.select_related("member").order_by("member__surname"):
        rows.append([vote.member.full_name, vote.get_choice_display()])
    for recusal in appeal.recusals.select_related("member"):
        rows.append([recusal.member.full_name, _("conflict of interest, did not vote")])
    blocks.append(("table", rows))
    sheets = ReviewSheet.objects.filter(appeal=appeal).exclude(member_id__in=recused)
    if result.stage == Stage.TEST:
        # AP-15.4: each question found incorrect, with reasons and the legal act.
        found: dict[int, list[str]] = {}
        for sheet in sheets.select_related("member"):
            for item in sheet.items:
                if item.get("incorrect"):
                    found.setdefault(item["number"], []).append(
                        _("Question %(number)s: %(comment)s (%(reference)s)")
                        % {
                            "number": item["number"],
                            "comment": item["comment"],
                            "reference": item["legal_reference"],
                        }
                        + " – "
                        + sheet.member.full_name
                    )
        if found:
            blocks.append(("sub", _("Questions found incorrect")))
            for number in sorted(found):
                blocks += [("text", line) for line in found[number]]
    # AP-16: why members found the grade unfounded; AP-17: graders heard.
    for sheet in sheets.filter(position=ReviewSheet.Position.UPHOLD).select_related("member"):
        blocks.append(("text", f"{sheet.member.full_name}: {sheet.comment}"))
    for sheet in sheets.exclude(graders_heard="").select_related("member"):
        blocks.append(
            (
                "text",
                _("Graders heard (AP-17)") + f": {sheet.graders_heard} – {sheet.member.full_name}",
            )
        )
    if appeal.decision:
        blocks.append(
            (
                "text",
                _("Decision: %(decision)s. %(reasons)s")
                % {"decision": appeal.get_decision_display(), "reasons": appeal.decision_reasons},
            )
        )
    return blocks


def render_minutes(sitting: Sitting) -> bytes:
    return render_blocks(
        minutes_blocks(sitting),
        title=str(_("Minutes of the sitting of the appeals commission")),
        col_widths_mm=[120, 50],
    )
