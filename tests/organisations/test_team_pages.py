import datetime as dt

from django.urls import reverse

from jobtro.citizens.services import assign_caseworker, create_citizen, record_outcome
from jobtro.core.services import team_figures
from tests.conftest import DAY0, _staff


def _caseload(team, target_group, *, caseworkers: int, citizens: int):
    staff = [
        _staff(f"cw{chr(97 + i)}", "caseworker", team.municipality, team)
        for i in range(caseworkers)
    ]
    made = []
    for i in range(citizens):
        c = create_citizen(
            actor=None,
            municipality=team.municipality,
            birth_year=1980,
            target_group=target_group,
            enrolled_on=DAY0,
        )
        assign_caseworker(actor=None, citizen=c, caseworker=staff[i % caseworkers], start_date=DAY0)
        made.append(c)
    return staff, made


def test_a_team_with_enough_staff_and_citizens_shows_its_figures(
    team, target_group, leader, client
):
    _, citizens = _caseload(team, target_group, caseworkers=5, citizens=12)
    # Outcomes end the caseload but still count as the team's results for the year.
    record_outcome(
        actor=None,
        citizen=citizens[0],
        kind="job",
        start_date=dt.date.today() - dt.timedelta(days=10),
    )
    figures = team_figures(team)
    assert figures["total"] == 11
    assert figures["with_outcome"] == 1
    client.force_login(leader.user)
    page = client.get(reverse("organisations:team", args=[team.pk])).content.decode()
    assert "For få til at vise" not in page
    home = client.get(reverse("core:home")).content.decode()
    assert ">11<" in home


def test_a_small_team_is_suppressed(team, target_group, leader, client):
    _caseload(team, target_group, caseworkers=3, citizens=30)
    figures = team_figures(team)
    assert figures["total"] is None and figures["with_outcome"] is None
    client.force_login(leader.user)
    page = client.get(reverse("organisations:team", args=[team.pk])).content.decode()
    assert "For få til at vise" in page


def test_few_citizens_are_suppressed_even_in_a_large_team(team, target_group):
    _caseload(team, target_group, caseworkers=6, citizens=6)
    assert team_figures(team)["total"] is None


def test_the_team_page_shows_no_figures_per_caseworker(team, target_group, leader, client):
    staff, _ = _caseload(team, target_group, caseworkers=5, citizens=20)
    client.force_login(leader.user)
    page = client.get(reverse("organisations:team", args=[team.pk])).content.decode()
    for member in staff:
        line = next(line for line in page.splitlines() if member.display_name in line)
        assert not any(ch.isdigit() for ch in line.replace(member.display_name, "")), line


def test_administrator_moves_a_caseworker_between_teams_with_history(
    client, administrator, caseworker, silkeborg
):
    from jobtro.organisations.models import Team, TeamMembership

    other = Team.objects.create(municipality=silkeborg, name="Team Syd")
    client.force_login(administrator.user)
    url = reverse("organisations:staff_edit", args=[caseworker.pk])
    bad = client.post(url, {"team": other.pk})
    assert bad.status_code == 422
    assert "Angiv hvornår medarbejderen skifter team." in bad.content.decode()
    ok = client.post(url, {"team": other.pk, "start_date": "2025-06-01"})
    assert ok.status_code == 302
    old, new = TeamMembership.objects.filter(staff=caseworker).order_by("start_date")
    assert old.end_date == dt.date(2025, 5, 31) and new.team == other


def test_administrator_creates_staff_and_bad_input_gets_danish_messages(
    client, administrator, team
):
    from jobtro.organisations.models import Staff

    client.force_login(administrator.user)
    url = reverse("organisations:staff_create")
    bad = client.post(url, {"username": "ny bruger!", "role": "caseworker", "password": "kort"})
    html = bad.content.decode()
    assert bad.status_code == 422
    assert "Brug kun bogstaver, tal og . @ + - _" in html
    assert "Vælg en funktion for beskæftigelsesmedarbejderen." in html
    assert not Staff.objects.filter(user__username="ny bruger!").exists()
    good = client.post(
        url,
        {
            "username": "nina",
            "first_name": "Nina",
            "last_name": "Opdigtsen",
            "role": "caseworker",
            "function": "virksomhedskonsulent",
            "team": team.pk,
            "start_date": "2025-01-01",
            "password": "Et-langt-kodeord-2026",
        },
    )
    assert good.status_code == 302
    assert Staff.objects.get(user__username="nina").function == "virksomhedskonsulent"
    dup = client.post(
        url,
        {
            **{
                "username": "nina",
                "first_name": "N",
                "last_name": "O",
                "role": "leader",
                "password": "Et-langt-kodeord-2026",
            }
        },
    )
    assert "Brugernavnet er allerede i brug." in dup.content.decode()
