"""The 评星定级 demo's plan of bands gives seed 001's figures at city scale, without a database.
(The five years the demo writes at school scale, within the rules: school_scale/test_ratings_demo.py.)"""

from dangjian.appraisal.rules import rating as R
from dangjian.demo.ratings import _plan


def test_the_last_year_s_plan_gives_seed_001_s_figures_at_city_scale():
    """102 five-star organizations and 100 六好党支部 among 1,976 (the plan of bands, no database)."""
    import random
    from types import SimpleNamespace

    rng = random.Random(7)
    standard = SimpleNamespace(five_star_cap=R.DEFAULT_FIVE_STAR_CAP)
    ratings = [SimpleNamespace(pk=i, standard=standard, org=SimpleNamespace(kind="committee" if i < 50 else "branch"))
               for i in range(1976)]
    bands = _plan(ratings, {r.pk: 20 + r.pk % 9 for r in ratings}, 4, rng)
    five = [r for r in ratings if bands[r.pk][0] >= 95]
    titles = [r for r in ratings if r.org.kind == "branch" and bands[r.pk][0] >= 90]
    assert (len(five), len(titles)) == (102, 100)
