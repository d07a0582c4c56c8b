"""The 评星定级 demo's plan of bands gives seed 001's figures at city scale, without a database.
(The five years the demo writes at school scale, within the rules: school_scale/test_ratings_demo.py.)"""

from dangjian.appraisal.rules import rating as R
from dangjian.demo.ratings import CITY_ORGS, _plan


def _last_year(n: int, reference):
    import random
    from types import SimpleNamespace

    rng = random.Random(7)
    standard = SimpleNamespace(five_star_cap=R.DEFAULT_FIVE_STAR_CAP)
    ratings = [SimpleNamespace(pk=i, standard=standard, org=SimpleNamespace(kind="committee" if i < 50 else "branch"))
               for i in range(n)]
    bands = _plan(ratings, {r.pk: 20 + r.pk % 9 for r in ratings}, 4, rng, reference)
    five = [r for r in ratings if bands[r.pk][0] >= 95]
    titles = [r for r in ratings if r.org.kind == "branch" and bands[r.pk][0] >= 90]
    return len(five), len(titles)


def test_the_last_year_s_plan_gives_seed_001_s_figures_at_city_scale():
    """102 five-star organizations and 100 六好党支部 whatever the city's number of organizations
    (the city passes no reference: the figures themselves); a smaller scale their share."""
    assert _last_year(1_840, None) == (102, 100)
    assert _last_year(1_900, None) == (102, 100)
    assert _last_year(CITY_ORGS, CITY_ORGS) == (102, 100)
    assert _last_year(121, CITY_ORGS) == (round(102 * 121 / CITY_ORGS), round(100 * 121 / CITY_ORGS))
