"""The cycle of 评星定级, each rule at its boundary with frozen time: the school's self-assessment
(automatic items pre-filled and not the school's to change, scores within the points, evidence),
the county's review (a changed score only with its reason, nothing partial saved), the city's
draw, the five-star cap, the 公示 of N working days, and the star granted only by the city; the
batch steps (the city's check of many drawn ratings, a launch's item rows) judged alike."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.appraisal.models import ItemScore, RatingEvent, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating as S
from dangjian.appraisal.services import rating_batch as B
from dangjian.appraisal.services import rating_standards as ST
from dangjian.core.models import AuditEntry

from .rating_helpers import (
    YEAR,
    d,
    full_marks,
    item_row,
    on,
    refused,
    shared_standard,
    submitted,
    uploads_in_tmp,  # noqa: F401 - an autouse fixture
)

EXTEND_SHARED_WORLD, standard = shared_standard("2026-01-12")


def test_a_school_opens_its_rating_with_the_automatic_items_filled_in_from_its_records(world, standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    assert rating.state == R.State.DRAFT and rating.standard == standard
    assert rating.scores.count() == 52
    activities = item_row(rating, "4.1")   # “三会一课” (automatic: orglife_activities)
    assert activities.item.evidence == R.EvidenceKind.AUTOMATIC
    assert activities.self_score == Decimal("0.0") and activities.auto_state == "danger"
    assert "应开展" in activities.auto_finding
    assert activities.auto_url == f"/orglife/compliance/?org={world.branch_a.pk}&period={YEAR}"
    structure = item_row(rating, "1.1")
    assert structure.auto_url == f"/orgs/{world.branch_a.pk}/" and structure.auto_finding
    manual = item_row(rating, "1.3")
    assert manual.self_score is None and manual.auto_finding == ""


def test_a_year_is_rated_once(world, standard):
    S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    error = refused(lambda: S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a))
    assert error.rule == R.R_ONE_PER_YEAR


def test_the_school_may_not_change_an_automatic_item(world, standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    row = item_row(rating, "4.1")
    error = refused(lambda: S.save_self_scores(rating, [{"item": row.item_id, "score": "4"}],
                                               acting_user=world.secretary_a))
    assert error.rule == R.R_AUTOMATIC and "4.1" in error.message
    # the computed score itself, and a note, are accepted
    S.save_self_scores(rating, [{"item": row.item_id, "score": str(row.self_score), "note": "已补开"}],
                       acting_user=world.secretary_a)
    row.refresh_from_db()
    assert row.self_note == "已补开" and row.self_score == Decimal("0.0")


@pytest.mark.parametrize(("score", "accepted"), [("1.5", True), ("0", True), ("1.6", False), ("-0.1", False),
                                                 ("0.05", False), ("一分", False)])
def test_a_score_lies_between_zero_and_the_item_s_points_with_one_decimal(world, standard, score, accepted):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    row = item_row(rating, "1.3")   # 1.5 points
    call = lambda: S.save_self_scores(rating, [{"item": row.item_id, "score": score}],  # noqa: E731
                                      acting_user=world.secretary_a)
    if accepted:
        call()
        row.refresh_from_db()
        assert row.self_score == Decimal(score)
    else:
        assert refused(call).rule == R.R_SCORE_RANGE


def test_nothing_of_a_list_of_scores_is_saved_when_one_is_refused(world, standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    good, bad = item_row(rating, "1.3"), item_row(rating, "1.4")
    refused(lambda: S.save_self_scores(rating, [{"item": good.item_id, "score": "1"}, {"item": bad.item_id,
                                                                                       "score": "9"}],
                                       acting_user=world.secretary_a))
    good.refresh_from_db()
    assert good.self_score is None


def test_submitting_needs_every_item_scored_the_files_of_upload_items_and_the_words_of_attestations(world,
                                                                                                   standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    assert refused(lambda: S.submit(rating, acting_user=world.secretary_a)).rule == R.R_SELF
    full_marks(rating, world.secretary_a, evidence=False)
    error = refused(lambda: S.submit(rating, acting_user=world.secretary_a))
    assert error.rule == R.R_EVIDENCE and "上传佐证材料" in error.message
    rating = StarRating.objects.get(pk=rating.pk)
    full_marks(rating, world.secretary_a)
    attestation = item_row(rating, "1.3")
    S.save_self_scores(rating, [{"item": attestation.item_id, "score": "1.5", "note": ""}],
                       acting_user=world.secretary_a)
    error = refused(lambda: S.submit(rating, acting_user=world.secretary_a))
    assert error.rule == R.R_EVIDENCE and "1.3" in error.message
    S.save_self_scores(rating, [{"item": attestation.item_id, "score": "0", "note": ""}],
                       acting_user=world.secretary_a)
    rating = S.submit(rating, acting_user=world.secretary_a)
    assert rating.state == R.State.SUBMITTED and rating.submitted_on == d("2026-01-12")


def test_the_county_changes_a_score_only_with_a_reason_and_nothing_is_saved_without_one(world, standard):
    rating = submitted(world)
    one, two = item_row(rating, "2.1"), item_row(rating, "2.2")
    error = refused(lambda: S.review(rating, decision="pass", acting_user=world.county_admin, changes=[
        {"item": one.item_id, "score": "1", "reason": "书记未参加年度培训"},
        {"item": two.item_id, "score": "1", "reason": ""}]))
    assert error.rule == R.R_REASON and "2.2" in error.message and "调整理由" in error.message
    one.refresh_from_db()
    assert one.review_score is None and StarRating.objects.get(pk=rating.pk).state == R.State.SUBMITTED
    # the same score as the school's is no change and needs no reason
    rating = S.review(rating, decision="pass", acting_user=world.county_admin, changes=[
        {"item": one.item_id, "score": "1", "reason": "书记未参加年度培训"},
        {"item": two.item_id, "score": str(two.self_score), "reason": ""}])
    one.refresh_from_db()
    assert one.review_score == Decimal("1.0") and one.review_reason == "书记未参加年度培训"
    assert rating.state == R.State.REVIEWED
    assert rating.reviewed_score == rating.self_score - Decimal("1.0")
    event = RatingEvent.objects.filter(rating=rating, target=R.State.REVIEWED).get()
    assert event.facts["changes"] == [{"item": "2.1", "from": "2.0", "to": "1.0", "reason": "书记未参加年度培训"}]


def test_the_county_returns_a_rating_with_its_reason(world, standard):
    rating = submitted(world)
    assert refused(lambda: S.review(rating, decision="return", acting_user=world.county_admin)).rule == R.R_REASON
    rating = S.review(rating, decision="return", reason="佐证材料不清晰", acting_user=world.county_admin)
    assert rating.state == R.State.DRAFT


def test_a_school_never_reviews_samples_or_grants_its_own_star(world, standard):
    rating = submitted(world)
    error = refused(lambda: S.review(rating, decision="pass", acting_user=world.secretary_a))
    assert error.rule == R.R_HIGHER_DECIDES and "上级党组织" in error.message
    S.review(rating, decision="pass", acting_user=world.county_admin)
    error = refused(lambda: S.draw(world.city, rating.standard, YEAR, acting_user=world.secretary_a))
    assert error.rule == R.R_HIGHER_DECIDES
    S.draw(world.city, rating.standard, YEAR, percent=100, acting_user=world.city_admin)
    S.check(StarRating.objects.get(pk=rating.pk), acting_user=world.city_admin)
    publicity = S.start_publicity(world.city, rating.standard, YEAR, acting_user=world.city_admin)
    error = refused(lambda: S.grant(publicity, acting_user=world.secretary_a, today=d("2026-03-01")))
    assert error.rule == R.R_HIGHER_DECIDES and "不能自行评定星级" in error.message
    # someone with no post under the city at all is simply not allowed
    with pytest.raises(PermissionDenied):
        S.review(rating, decision="pass", acting_user=world.member_a)


def test_the_draw_takes_its_share_rounded_up_and_records_its_seed(world, standard):
    for org, user in ((world.branch_a, world.secretary_a), (world.branch_b, world.secretary_b)):
        S.review(submitted(world, org=org, user=user), decision="pass", acting_user=world.county_admin)
    draw = S.draw(world.city, standard, YEAR, percent="10", seed="c0ffee", acting_user=world.city_admin)
    assert (draw.population, draw.drawn, draw.seed) == (2, 1, "c0ffee")   # 10% of 2 rounds up to 1
    states = sorted(StarRating.objects.filter(year=YEAR).values_list("state", flat=True))
    assert states == [R.State.CHECKED, R.State.SAMPLED]
    assert AuditEntry.objects.filter(action="appraisal.rating_draw").get().changes["seed"] == "c0ffee"
    assert refused(lambda: S.draw(world.city, standard, YEAR, acting_user=world.city_admin)).rule == R.R_SAMPLING


@pytest.mark.parametrize(("population", "percent", "drawn"), [(11, "10", 2), (10, "10", 1), (1, "10", 1), (7, "100", 7),
                                                              (0, "10", 0)])
def test_the_sample_size(population, percent, drawn):
    assert R.sample_size(Decimal(percent), population) == drawn


def _checked(world, standard, org, user, *, county_changes=()):
    rating = S.review(submitted(world, org=org, user=user), decision="pass", acting_user=world.county_admin,
                      changes=list(county_changes))
    return rating


def test_the_five_star_cap_is_checked_when_the_results_go_on_notice(world, standard):
    """Two organizations, cap 50%: one five-star is exactly the cap; two are one too many."""
    ST.update_set(standard, {"five_star_cap": "50"}, acting_user=world.city_admin)
    for org, user in ((world.branch_a, world.secretary_a), (world.branch_b, world.secretary_b)):
        _checked(world, standard, org, user)
    S.draw(world.city, standard, YEAR, percent="100", acting_user=world.city_admin)
    ratings = list(StarRating.objects.filter(year=YEAR).order_by("org__path"))
    # the automatic items earn little in an empty world: the city lifts both to 95 points with reasons
    for rating in ratings:
        auto = rating.scores.filter(item__evidence=R.EvidenceKind.AUTOMATIC).select_related("item")
        S.check(rating, acting_user=world.city_admin, changes=[
            {"item": row.item_id, "score": str(row.item.points), "reason": "抽查核实，记录另行提供"} for row in auto])
    error = refused(lambda: S.start_publicity(world.city, standard, YEAR, acting_user=world.city_admin))
    assert error.rule == R.R_FIVE_STAR_CAP and "最多 1 个" in error.message
    assert not StarRating.objects.filter(state=R.State.PUBLICITY).exists()
    second = StarRating.objects.get(pk=ratings[1].pk)
    S.check(second, acting_user=world.city_admin, reason="抽查调整", changes=[
        {"item": item_row(second, "2.1").item_id, "score": "0", "reason": "书记述职材料缺失"},
        {"item": item_row(second, "4.1").item_id, "score": "0", "reason": "抽查发现 3 次支委会记录系补写"}])
    publicity = S.start_publicity(world.city, standard, YEAR, acting_user=world.city_admin)
    stars = sorted(StarRating.objects.filter(publicity=publicity).values_list("stars", flat=True))
    assert stars == [4, 5]


def test_the_notice_lasts_n_working_days_and_the_star_comes_the_day_after(world, standard, time_machine):
    """5 working days from Monday 2026-09-28 run across the National Day holiday to Friday 2026-10-09."""
    rating = _checked(world, standard, world.branch_a, world.secretary_a)
    S.draw(world.city, standard, YEAR, percent="100", acting_user=world.city_admin)
    S.check(StarRating.objects.get(pk=rating.pk), acting_user=world.city_admin)
    on(time_machine, "2026-09-28")
    publicity = S.start_publicity(world.city, standard, YEAR, acting_user=world.city_admin)
    assert (publicity.start, publicity.end, publicity.working_days) == (d("2026-09-28"), d("2026-10-09"), 5)
    on(time_machine, "2026-10-09")
    error = refused(lambda: S.grant(publicity, acting_user=world.city_admin))
    assert error.rule == R.R_PUBLICITY and "2026-10-09" in error.message
    assert StarRating.objects.get(pk=rating.pk).state == R.State.PUBLICITY
    on(time_machine, "2026-10-10")
    assert S.grant(publicity, acting_user=world.city_admin) == 1
    rating = StarRating.objects.get(pk=rating.pk)
    assert rating.state == R.State.GRANTED and rating.granted_on == d("2026-10-10") and rating.stars is not None
    assert refused(lambda: S.grant(publicity, acting_user=world.city_admin)).rule == R.R_ORDER


def test_an_objection_during_the_notice_takes_the_rating_out_of_the_batch(world, standard):
    rating = _checked(world, standard, world.branch_a, world.secretary_a)
    S.draw(world.city, standard, YEAR, percent="100", acting_user=world.city_admin)
    S.check(StarRating.objects.get(pk=rating.pk), acting_user=world.city_admin)
    publicity = S.start_publicity(world.city, standard, YEAR, acting_user=world.city_admin)
    assert refused(lambda: S.object_during_publicity(rating, reason="", acting_user=world.city_admin)).rule == \
        R.R_PUBLICITY
    S.object_during_publicity(rating, reason="有教师反映活动记录不实", acting_user=world.city_admin)
    assert S.grant(publicity, acting_user=world.city_admin, today=d("2026-02-01")) == 0
    assert StarRating.objects.get(pk=rating.pk).state == R.State.CHECKED


def test_a_step_out_of_order_is_refused_with_the_rule(world, standard):
    rating = S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a)
    error = refused(lambda: S.review(rating, decision="pass", acting_user=world.county_admin))
    assert error.rule == R.R_ORDER and "自评中" in error.message


def test_the_committee_launches_the_year_for_all_its_schools_at_once(world, standard):
    opened = S.launch(world.county_a, standard, YEAR, acting_user=world.county_admin)
    assert opened == 3   # branch A, branch B and the joint branch
    assert ItemScore.objects.filter(rating__year=YEAR).count() == 3 * 52
    assert S.launch(world.county_a, standard, YEAR, acting_user=world.county_admin) == 0


# --- the batch steps (rating_batch) judged as the single ones ----------------------------------

def test_the_city_checks_many_drawn_ratings_at_once_judged_like_one(world, standard):
    ratings = [S.review(submitted(world, standard, org=org, user=user), decision="pass", acting_user=world.county_admin)
               for org, user in ((world.branch_a, world.secretary_a), (world.branch_b, world.secretary_b))]
    ids = [r.pk for r in ratings]
    S.draw(world.city, standard, YEAR, percent="100", acting_user=world.city_admin)
    a_row = item_row(ratings[0], "1.3")
    # a changed score without its reason refuses the whole batch
    error = refused(lambda: B.check_many({ids[0]: [], ids[1]: [{"item": item_row(ratings[1], "1.3").item_id,
                                                                 "score": "0"}]}, acting_user=world.city_admin))
    assert error.rule == R.R_REASON
    # a school never checks its own
    assert refused(lambda: B.check_many(dict.fromkeys(ids, []), acting_user=world.secretary_a)).rule == \
        R.R_HIGHER_DECIDES
    assert set(StarRating.objects.filter(pk__in=ids).values_list("state", flat=True)) == {R.State.SAMPLED}
    newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    B.check_many({ids[0]: [{"item": a_row.item_id, "score": "0.5", "reason": "会议记录不全"}], ids[1]: []},
                 reason="抽查核实", acting_user=world.city_admin)
    checked = {r.pk: r for r in StarRating.objects.filter(pk__in=ids)}
    assert {r.state for r in checked.values()} == {R.State.CHECKED}
    a_row.refresh_from_db()
    assert (a_row.check_score, a_row.check_reason) == (Decimal("0.5"), "会议记录不全")
    # the score and star as `check` computes them: the final score of every item
    assert checked[ids[0]].reviewed_score == S._totals([ids[0]], "final")[ids[0]]
    assert checked[ids[0]].reviewed_score == ratings[0].reviewed_score - a_row.item.points + a_row.check_score
    event = RatingEvent.objects.filter(rating_id=ids[0], target=R.State.CHECKED).get()
    assert event.facts["changes"][0]["reason"] == "会议记录不全"
    entries = AuditEntry.objects.filter(pk__gt=newest, action="appraisal.rating_transition").order_by("id")
    assert [e.reason for e in entries] == ["抽查核实", "抽查核实"]
    # checked once: a second batch is refused by the state
    assert refused(lambda: B.check_many({ids[1]: []}, acting_user=world.city_admin)).rule == R.R_ORDER


def test_a_launch_writes_every_item_row_of_every_organization(world, standard):
    S.launch(world.city, standard, YEAR, acting_user=world.city_admin)
    rating = StarRating.objects.get(org=world.branch_a, year=YEAR)
    assert ItemScore.objects.filter(rating=rating).count() == 52
    manual = item_row(rating, "1.3")
    assert (manual.self_score, manual.self_note, manual.auto_finding, manual.review_reason) == (None, "", "", "")
    activities = item_row(rating, "4.1")
    assert activities.auto_state == "danger" and "应开展" in activities.auto_finding
