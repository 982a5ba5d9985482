"""Export-file import: real exports, the project's own fixtures, XLSX, and broken files."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from creatorkit.connectors import get_connector
from creatorkit.connectors.exports import ExportFile, read_export
from creatorkit.errors import ImportFileError, InputError
from creatorkit.models import Account, AudienceSlice, MetricSample
from tests.recordings import Recording, files_in, recordings, sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
OVERVIEW_HEADER = '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n'


def metrics_of(export: ExportFile, metric: str) -> dict[date, float]:
    return {m.day: m.value for m in export.harvest.metrics if m.metric == metric}


def posts_by_id(export: ExportFile) -> dict:
    return {post.post_id: post for post in export.harvest.posts}


def fields_of(post, wanted: dict) -> dict:
    """The fields of ``post`` that ``wanted`` names; "day" is the publish day."""
    return {field: post.published_at.date() if field == "day" else getattr(post, field) for field in wanted}


def shares_of(export: ExportFile) -> dict[str, float]:
    return {s.bucket: s.share for s in export.harvest.audience}


def read(recording: Recording, today: date = date(2026, 3, 1)) -> ExportFile:
    return read_export(recording.path, today=today)


# --- each export kind: the project's own file, and the real exports when present --------------
# (real: ../shared/fixtures/real/exports, values checked by hand in the files)

OVERVIEWS = recordings(
    # file → (today, rows, metrics, {day: daily views}, (last day, its five figures))
    "exports",
    own={"tiktok_overview_new_year.csv": (  # the last row is all "undefined": no figures
        date(2026, 1, 4), 4, 3 * 5,
        {date(2025, 12, 30): 1204, date(2025, 12, 31): 980, date(2026, 1, 1): 2310},
        (date(2026, 1, 1), {"daily_views": 2310, "daily_profile_views": 31, "daily_likes": 140,
                            "daily_comments": 7, "daily_shares": 5}))},
    real={"tiktok_studio_Overview_365d_no_year_wrap.csv": (
        date(2026, 3, 1), 365, 365 * 5,
        {date(2025, 2, 28): 0, date(2025, 12, 31): 9768, date(2026, 1, 1): 28710},
        (date(2026, 2, 27), {"daily_views": 18237, "daily_profile_views": 15, "daily_likes": 30,
                             "daily_comments": 0, "daily_shares": 6}))},
)
LOCALIZED = recordings(
    # file → (today, the days read, {day: daily views})
    "exports",
    own={"tiktok_overview_es_dates.csv": (  # "27 de febrero" … "2 de marzo", no trailing newline
        date(2026, 3, 4), [date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)],
        {date(2026, 2, 28): 98, date(2026, 3, 2): 7})},
    real={"tiktok_studio_Overview_es_localized_dates.csv": (
        date(2026, 3, 16), [date(2026, 3, d) for d in range(8, 15)],
        {date(2026, 3, 10): 1, date(2026, 3, 14): 7})},
)
FOLLOWER_HISTORIES = recordings(
    # file → (today, days with a count, a day left out as undefined, {day: followers})
    "exports",
    own={
        "tiktok_follower_history.csv": (  # the file's difference column is not read: -2, +5 are recomputed
            date(2026, 3, 3), 3, date(2026, 2, 26),
            {date(2026, 2, 27): 1000, date(2026, 2, 28): 998, date(2026, 3, 1): 1003}),
        "tiktok_follower_history_vi_dates.csv": (  # "30 tháng Mười Hai" … "2 tháng Một"
            date(2026, 1, 4), 3, date(2026, 1, 2),
            {date(2025, 12, 30): 1005, date(2025, 12, 31): 1002, date(2026, 1, 1): 1010}),
    },
    real={"tiktok_studio_FollowerHistory_undefined_negative_diff.csv": (
        date(2026, 3, 1), 365 - 25, date(2025, 3, 24),
        {date(2025, 3, 25): 37, date(2025, 12, 31): 4996, date(2026, 1, 1): 4993, date(2026, 2, 27): 5013})},
)
VIEWERS = recordings(
    # file → (today, metrics, a day whose undefined total drops its zeros, (a day, its figures))
    "exports",
    own={"tiktok_viewers.csv": (
        date(2026, 7, 12), 1 * 3, date(2026, 7, 9),
        (date(2026, 7, 10),
         {"daily_viewers": 1520, "daily_new_viewers": 1100, "daily_returning_viewers": 420}))},
    real={"tiktok_studio_Viewers_undefined_values.csv": (
        date(2026, 3, 1), (365 - 25) * 3, date(2025, 3, 24),
        (date(2026, 2, 27),
         {"daily_viewers": 15752, "daily_new_viewers": 9979, "daily_returning_viewers": 5773}))},
)
ACTIVITIES = recordings("exports", own={"tiktok_follower_activity.csv": 3},
                        real={"tiktok_studio_FollowerActivity_hourly.csv": 7 * 24})
GENDERS = recordings(
    "exports",
    own={"tiktok_follower_gender.csv": {"female": 0.62, "male": 0.37, "other": 0.01}},
    real={"tiktok_studio_FollowerGender.csv": {"female": 0.59, "male": 0.41, "other": 0.0}},
)
TERRITORIES = recordings(
    # file → (buckets, {bucket: share} of some)
    "exports",
    own={"tiktok_top_territories.csv": (4, {"GB": 0.412, "US": 0.25, "DE": 0.138, "other": 0.2})},
    real={"tiktok_studio_FollowerTopTerritories.csv": (11, {"US": 0.462, "other": 0.211})},
)
CONTENTS = recordings(
    # file → (today, posts, {id: {field: value}} of some, the creator's handle from the video links)
    "exports",
    own={"tiktok_content.csv": (
        date(2026, 1, 4), 2,
        {"7450000000000000001": {"day": date(2025, 12, 28), "likes": 4210, "comments": 188, "shares": 734,
                                 "views": 96512, "title": "Miso salmon in 15 minutes 🐟"},  # latest snapshot
         "7450000000000000002": {"day": date(2026, 1, 2), "title": None}},  # an empty title
        "acmecooking")},
    real={"tiktok_studio_Content_top_posts.csv": (
        date(2026, 3, 1), 13,
        {"7527623000473079054": {"day": date(2025, 7, 16), "likes": 533, "comments": 32, "shares": 16,
                                 "views": 191265,
                                 "title": "@Unbrush #unbrush #unbrushplus #unbrushhairbrush"},
         "7531345990947851551": {"title": None},
         "7602008805399940407": {"day": date(2026, 2, 1)},
         "7589576040226262285": {"day": date(2025, 12, 30)}},
        "haileytupy2.0")},
)
CONTENT_TABLES = recordings(
    # file → (posts, {id: {field: value}} of some)
    "exports",
    own={"youtube_table_data_content.csv": (2, {
        "dQw4w9WgXcQ": {"published_at": datetime(2026, 11, 2, tzinfo=UTC), "duration_s": 761, "views": 184230,
                        "impressions": 2210450, "watch_time_s": 15482.4 * 3600, "likes": 9120},
        "aBcDeFgHiJk": {"title": "Knife skills, part 1", "views": 1800}})},
    real={"youtube_studio_Table_data_content.csv": (24, {
        "oEDe6JMwL7Q": {"published_at": datetime(2020, 4, 29, tzinfo=UTC), "duration_s": 292, "views": 58005,
                        "impressions": 797168, "watch_time_s": 4758041.9, "likes": None},  # no Likes column
        "WUs4ZinP97E": {"title": "Vlog ep 001✨academic session end, new anime,games etc✨"},
        "h-SiGippEGw": {"views": 44}})},
)
SHORTS_TABLES = recordings(
    # file → (today, posts, id of the last, (views, duration_s, watch_time_s), its publish day)
    "exports",
    own={"youtube_table_data_shorts_empty_columns.csv": (  # 0.005 h = 18 s
        date(2026, 1, 10), 3, "sHoRt00003c", (3, 9, 18.0), date(2025, 12, 18))},
    real={"youtube_studio_Table_data_shorts_empty_columns.csv": (
        date(2026, 3, 1), 6, "xuZP_lPb_gQ", (3, 38, 53.6), date(2024, 12, 18))},
)
TOTALS = recordings(
    # file → (days, {day: views})
    "exports",
    own={"youtube_totals_watch_time.csv": (2, {date(2026, 11, 1): 310, date(2026, 11, 2): 284})},
    real={"youtube_studio_Totals_daily_views.csv": (
        803, {date(2020, 9, 1): 3, date(2020, 12, 31): 4, date(2022, 11, 12): 69})},
)


@pytest.mark.parametrize("recording", OVERVIEWS, ids=str)
def test_tiktok_overview_wraps_over_new_year_and_leaves_undefined_out(recording):
    today, rows, count, some_views, (last_day, last) = OVERVIEWS[recording]
    export = read(recording, today)
    views = metrics_of(export, "daily_views")
    assert (export.kind, export.platform, export.rows, export.encoding) == \
        ("tiktok_overview", "tiktok", rows, "utf-8-sig")
    assert len(export.harvest.metrics) == count
    assert min(views) == min(some_views) and {day: views[day] for day in some_views} == some_views
    assert {m.metric: m.value for m in export.harvest.metrics if m.day == last_day} == last


@pytest.mark.parametrize("recording", LOCALIZED, ids=str)
def test_tiktok_overview_reads_spanish_month_names(recording):
    today, days, some_views = LOCALIZED[recording]
    views = metrics_of(read(recording, today), "daily_views")
    assert sorted(views) == days
    assert {day: views[day] for day in some_views} == some_views


@pytest.mark.parametrize("recording", FOLLOWER_HISTORIES, ids=str)
def test_tiktok_follower_history_skips_undefined_days(recording):
    today, count, undefined, some = FOLLOWER_HISTORIES[recording]
    export = read(recording, today)
    followers = metrics_of(export, "followers")
    assert export.kind == "tiktok_follower_history" and len(followers) == count
    assert undefined not in followers
    assert {day: followers[day] for day in some} == some


@pytest.mark.parametrize("recording", VIEWERS, ids=str)
def test_tiktok_viewers_drop_the_zeros_of_undefined_days(recording):
    today, count, undefined, (day, figures) = VIEWERS[recording]
    export = read(recording, today)
    assert export.kind == "tiktok_viewers" and len(export.harvest.metrics) == count
    assert undefined not in {m.day for m in export.harvest.metrics}
    assert {m.metric: m.value for m in export.harvest.metrics if m.day == day} == figures


@pytest.mark.parametrize("recording", ACTIVITIES, ids=str)
def test_tiktok_follower_activity_is_checked_but_not_stored(recording):
    export = read(recording)
    assert (export.kind, export.rows) == ("tiktok_follower_activity", ACTIVITIES[recording])
    assert export.harvest.metrics == () and export.harvest.audience == ()
    assert "not stored" in export.notes[0]


@pytest.mark.parametrize("recording", GENDERS, ids=str)
def test_tiktok_gender_becomes_audience_shares_of_the_export_day(recording):
    gender = read(recording)
    assert shares_of(gender) == GENDERS[recording]
    assert gender.harvest.audience[0] == AudienceSlice("gender", "female", GENDERS[recording]["female"],
                                                       day=date(2026, 3, 1))


@pytest.mark.parametrize("recording", TERRITORIES, ids=str)
def test_tiktok_territories_become_country_shares_with_others_as_other(recording):
    count, some = TERRITORIES[recording]
    by_country = shares_of(read(recording))
    assert len(by_country) == count and {bucket: by_country[bucket] for bucket in some} == some
    assert sum(by_country.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("recording", CONTENTS, ids=str)
def test_tiktok_content_dates_posts_before_the_snapshot(recording):
    today, count, expected, handle = CONTENTS[recording]
    export = read(recording, today)
    posts = posts_by_id(export)
    assert export.kind == "tiktok_content" and len(posts) == count
    assert {post_id: fields_of(posts[post_id], wanted) for post_id, wanted in expected.items()} == expected
    assert export.harvest.profile.username == handle


@pytest.mark.parametrize("recording", CONTENT_TABLES, ids=str)
def test_youtube_content_table_skips_the_total_row(recording):
    count, expected = CONTENT_TABLES[recording]
    export = read(recording, date(2026, 11, 30))  # after the newest video of every table
    posts = posts_by_id(export)
    assert (export.kind, export.platform, len(posts)) == ("youtube_studio_content", "youtube", count)
    assert "Total" not in posts
    assert {post_id: fields_of(posts[post_id], wanted) for post_id, wanted in expected.items()} == expected


@pytest.mark.parametrize("recording", SHORTS_TABLES, ids=str)
def test_youtube_shorts_table_keeps_empty_cells_empty(recording):
    today, count, last_id, figures, published = SHORTS_TABLES[recording]
    export = read(recording, today)
    last = posts_by_id(export)[last_id]
    assert len(export.harvest.posts) == count and export.notes == ()
    assert (last.views, last.duration_s, last.watch_time_s) == figures
    assert last.published_at.date() == published


def test_a_shorts_title_keeps_its_curly_quotes_and_emoji():
    shorts = Recording("own", "exports", "youtube_table_data_shorts_empty_columns.csv")
    first = read(shorts, date(2026, 1, 10)).harvest.posts[0]
    assert (first.post_id, first.title) == ("sHoRt00001a", "“Tiny kitchen” hack 🍋")
    assert first.watch_time_s == 290.2  # 0.0806 h


@pytest.mark.parametrize("recording", TOTALS, ids=str)
def test_youtube_totals_give_daily_views(recording):
    count, some = TOTALS[recording]
    export = read(recording, date(2026, 11, 30))
    views = metrics_of(export, "daily_views")
    assert (export.kind, len(views)) == ("youtube_studio_totals", count)
    assert {day: views[day] for day in some} == some


@pytest.mark.parametrize("source", sources())
def test_every_export_file_parses_and_has_a_test(source):
    tables = (OVERVIEWS, LOCALIZED, FOLLOWER_HISTORIES, VIEWERS, ACTIVITIES, GENDERS, TERRITORIES, CONTENTS,
              CONTENT_TABLES, SHORTS_TABLES, TOTALS)
    covered = {r.name for table in tables for r in table if r.source == source}
    if source == "own":
        covered |= {name for name, *_ in KINDS}
    names = files_in(source, "exports", "*.csv")
    assert names == covered
    for name in sorted(names):
        path = Recording(source, "exports", name).path
        assert read_export(path, today=date(2026, 11, 30)).harvest.source == "import", name


# --- the project's own fixtures (tests/fixtures/exports), one per supported kind ----------------

KINDS = [
    ("tiktok_overview_new_year.csv", "tiktok_overview", "tiktok", 4),
    ("tiktok_overview_es_dates.csv", "tiktok_overview", "tiktok", 4),
    ("tiktok_follower_history.csv", "tiktok_follower_history", "tiktok", 4),
    ("tiktok_follower_history_vi_dates.csv", "tiktok_follower_history", "tiktok", 4),
    ("tiktok_viewers.csv", "tiktok_viewers", "tiktok", 2),
    ("tiktok_follower_activity.csv", "tiktok_follower_activity", "tiktok", 3),
    ("tiktok_follower_gender.csv", "tiktok_gender", "tiktok", 3),
    ("tiktok_top_territories.csv", "tiktok_territories", "tiktok", 4),
    ("tiktok_content.csv", "tiktok_content", "tiktok", 3),
    ("youtube_table_data_content.csv", "youtube_studio_content", "youtube", 2),
    ("youtube_table_data_shorts_empty_columns.csv", "youtube_studio_content", "youtube", 3),
    ("youtube_totals_watch_time.csv", "youtube_studio_totals", "youtube", 2),
    ("youtube_viewer_age.csv", "youtube_studio_age", "youtube", 7),
    ("youtube_viewer_gender.csv", "youtube_studio_gender", "youtube", 3),
    ("meta_content.csv", "meta_content", "instagram", 3),
    ("meta_instagram_follows_utf16.csv", "meta_daily", "instagram", 3),
]


@pytest.mark.parametrize(("name", "kind", "platform", "rows"), KINDS)
def test_each_fixture_is_recognised_by_its_content(name, kind, platform, rows, tmp_path):
    renamed = tmp_path / "Totals.csv"  # the name never decides the format
    renamed.write_bytes((FIXTURES / name).read_bytes())
    export = read_export(renamed, today=date(2026, 11, 5))
    assert (export.kind, export.platform, export.rows) == (kind, platform, rows)
    assert export.harvest.source == "import"


def test_tiktok_overview_crosses_new_year_and_leaves_undefined_out():
    export = read_export(FIXTURES / "tiktok_overview_new_year.csv", today=date(2026, 1, 4))
    views = metrics_of(export, "daily_views")
    assert views == {date(2025, 12, 30): 1204, date(2025, 12, 31): 980, date(2026, 1, 1): 2310}
    assert len(export.harvest.metrics) == 15


def test_tiktok_viewers_and_followers_from_fixtures():
    viewers = read_export(FIXTURES / "tiktok_viewers.csv", today=date(2026, 7, 12))
    history = read_export(FIXTURES / "tiktok_follower_history.csv", today=date(2026, 3, 3))
    assert viewers.harvest.metrics == (
        MetricSample("daily_viewers", date(2026, 7, 10), 1520),
        MetricSample("daily_new_viewers", date(2026, 7, 10), 1100),
        MetricSample("daily_returning_viewers", date(2026, 7, 10), 420),
    )
    assert metrics_of(history, "followers") == {
        date(2026, 2, 27): 1000, date(2026, 2, 28): 998, date(2026, 3, 1): 1003}


def test_tiktok_content_keeps_the_latest_snapshot_of_a_repeated_video():
    export = read_export(FIXTURES / "tiktok_content.csv", today=date(2026, 1, 4))
    posts = posts_by_id(export)
    video, photo = posts["7450000000000000001"], posts["7450000000000000002"]
    assert (video.kind, video.likes, video.views) == ("video", 4210, 96512)
    assert video.published_at == datetime(2025, 12, 28, tzinfo=UTC)
    assert (photo.kind, photo.title, photo.published_at.date()) == ("photo", None, date(2026, 1, 2))
    assert "repeating a video" in export.notes[0]


def test_youtube_content_fixture_maps_every_post_field():
    export = read_export(FIXTURES / "youtube_table_data_content.csv", today=date(2026, 11, 5))
    video, short = export.harvest.posts
    assert (video.post_id, video.title, video.published_at) == \
        ("dQw4w9WgXcQ", "15-minute miso salmon", datetime(2026, 11, 2, tzinfo=UTC))
    assert (video.duration_s, video.views, video.impressions) == (761, 184230, 2210450)
    assert video.watch_time_s == 15482.4 * 3600
    assert (video.avg_view_duration_s, video.completion_rate) == (302, 0.396)
    assert (video.likes, video.comments, video.shares) == (9120, 412, 1211)
    assert video.permalink == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert (short.title, short.completion_rate, short.avg_view_duration_s) == \
        ("Knife skills, part 1", 1.712, 77)
    assert export.notes == ("columns not imported: Subscribers gained, Subscribers lost, Dislikes, "
                            "Likes (vs. dislikes) (%), Engaged views, YouTube Premium views, "
                            "Your estimated revenue (USD), RPM (USD), CPM (USD)",)


def test_youtube_totals_and_audience_fixtures():
    totals = read_export(FIXTURES / "youtube_totals_watch_time.csv", today=date(2026, 11, 5))
    age = read_export(FIXTURES / "youtube_viewer_age.csv", today=date(2026, 11, 5))
    gender = read_export(FIXTURES / "youtube_viewer_gender.csv", today=date(2026, 11, 5))
    assert metrics_of(totals, "daily_watch_time_h") == {date(2026, 11, 1): 12.5, date(2026, 11, 2): 9.75}
    assert metrics_of(totals, "daily_views") == {date(2026, 11, 1): 310, date(2026, 11, 2): 284}
    assert shares_of(age) == {"13-17": 0.041, "18-24": 0.315, "25-34": 0.402, "35-44": 0.15,
                              "45-54": 0.052, "55-64": 0.026, "65+": 0.014}
    assert age.harvest.audience[0].day == date(2026, 11, 5)
    assert shares_of(gender) == {"female": 0.583, "male": 0.411, "other": 0.006}


def test_meta_content_reads_posts_with_multiline_descriptions():
    export = read_export(FIXTURES / "meta_content.csv", today=date(2026, 11, 5))
    reel, carousel, image = export.harvest.posts
    assert (reel.post_id, reel.kind, reel.published_at) == \
        ("18035507131611621", "reel", datetime(2026, 11, 2, 17, 0, tzinfo=UTC))
    assert (reel.views, reel.reach, reel.likes, reel.shares, reel.comments, reel.saves, reel.duration_s) == \
        (96512, 61877, 4210, 734, 188, 1290, 47)
    assert (carousel.kind, carousel.title, carousel.duration_s) == \
        ("carousel", "Three sauces,\none pan", None)
    assert (image.kind, image.shares, image.published_at.day) == ("image", None, 13)
    profile = export.harvest.profile
    assert (profile.external_id, profile.username, profile.display_name) == \
        ("17841405822304914", "acmecooking", "Acme Cooking")


def test_meta_daily_series_in_utf16_with_sep_line_stays_sparse():
    export = read_export(FIXTURES / "meta_instagram_follows_utf16.csv", today=date(2026, 11, 5))
    assert export.encoding == "utf-16"
    assert metrics_of(export, "daily_follows") == {
        date(2026, 11, 1): 212, date(2026, 11, 2): 187, date(2026, 11, 4): 9}


def test_xlsx_export_is_read_like_its_csv(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"])
    sheet.append(["August 8", 1500, 20, 100, 4, 2])
    sheet.append([datetime(2026, 8, 9), "undefined", 21, 101.0, 5, "1,204"])
    path = tmp_path / "Overview.xlsx"
    book.save(path)
    export = read_export(path, today=date(2026, 8, 12))
    assert (export.kind, export.encoding, export.rows) == ("tiktok_overview", "xlsx", 2)
    assert metrics_of(export, "daily_views") == {date(2026, 8, 8): 1500}
    assert metrics_of(export, "daily_shares") == {date(2026, 8, 8): 2, date(2026, 8, 9): 1204}


def test_xlsx_error_names_the_sheet_row_and_column(tmp_path):
    book = Workbook()
    book.active.append(["Gender", "Distribution"])
    book.active.append(["Female", 0.5])
    book.active.append(["Male", 1.5])
    book.save(tmp_path / "gender.xlsx")
    with pytest.raises(ImportFileError) as caught:
        read_export(tmp_path / "gender.xlsx")
    assert (caught.value.line, caught.value.column) == (3, "Distribution")
    assert caught.value.reason == "'1.5' is not a share between 0 and 1"


def test_semicolon_csv_from_windows_excel_falls_back_to_cp1252_with_a_note(tmp_path):
    path = tmp_path / "totals.csv"
    path.write_bytes(b"sep=;\r\nDate;Watch time (hours)\r\n2026-01-01;1,5\r\n")
    export = read_export(path, today=date(2026, 1, 2))
    assert metrics_of(export, "daily_watch_time_h") == {date(2026, 1, 1): 1.5}
    accented = tmp_path / "content.csv"  # genders are a closed set: the accent goes in a title
    text = ('"Time","Video title","Video link","Post time","Total views"\n"January 3",'
            '"Crème brûlée","https://www.tiktok.com/@a/video/1","January 2","1"\n')
    accented.write_bytes(text.encode("cp1252"))
    assert read_export(accented).notes == \
        ("the file is not UTF-8: read it as Windows-1252 (check accented text)",)


# --- broken files: nothing is returned, the error points at the line and column -------------

def zipped(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


META_HEADER = ("Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,"
               "Permalink,Post type,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n")


def meta_row(n: int, time: str = "11/02/2026 10:00", *, kind: str = "IG reel", views: str = "1",
             description: str = "") -> str:
    return (f"{n},9,acme,Acme,{description},,{time},https://www.instagram.com/p/{n}/,{kind},Lifetime,"
            f"{views},1,1,1,1,1,1\n")


MALFORMED = {
    "bad_number": (OVERVIEW_HEADER + '"May 1","1","2","3","4","5"\n"May 2","1","2","abc","4","5"\n',
                   3, "Likes", "'abc' is not a number"),
    "unknown_headers": ("Foo,Date\n1,2\n", 1, "Foo", None),
    "truncated_row": (OVERVIEW_HEADER + '"May 1","1","2","3","4","5"\n"May 2","1","2"', 3, "Likes",
                      "the row ends after 3 of 6 columns (truncated?)"),
    "overlong_row": ("Gender,Distribution\nFemale,0.5,,0.4\n", 2, None, None),
    "empty_file": ("", None, None, "the file is empty"),
    "only_a_bom": ("\ufeff\n\n", None, None, "the file is empty"),
    "header_only": (OVERVIEW_HEADER, 1, None, "has a header but no data rows"),
    "binary_junk": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x10", 2, None,  # \x1a ends line 2
                    "holds binary data, not the text of a CSV export"),
    "bad_date": (OVERVIEW_HEADER + '"May 1","1","2","3","4","5"\n"Febtember 3","1","2","3","4","5"\n',
                 3, "Date", "'Febtember 3' is not a date"),
    "impossible_date": (OVERVIEW_HEADER + '"February 30","1","2","3","4","5"\n', 2, "Date",
                        "'February 30' is not a valid date"),
    "days_out_of_order": (OVERVIEW_HEADER + '"May 2","1","2","3","4","5"\n"May 1","1","2","3","4","5"\n',
                          2, "Date", None),
    "day_twice": ("Date,Views\n2026-05-01,1\n2026-05-02,1\n2026-05-01,1\n", 4, "Date",
                  "2026-05-01 is already on line 2"),
    "unclosed_quote": ('Date,Views\n2026-05-01,1\n2026-05-02,"1\n', 3, None, None),
    "share_above_one": ("Top territories,Distribution\nGB,0.4\nUS,4\n", 3, "Distribution", None),
    "not_a_country": ("Top territories,Distribution\nGreat Britain,0.4\n", 2, "Top territories", None),
    "bad_tiktok_link": ('"Time","Video link","Post time","Total views"\n'
                        '"May 1","https://example.com/v/1","May 1","3"\n',
                        2, "Video link", "'https://example.com/v/1' is not a TikTok video link"),
    "youtube_video_without_date": ("Content,Video title,Video publish time,Views\n"
                                   "Total,,,5\nabcdefghijk,Hi,,5\n",
                                   3, "Video publish time", "'' is not a date"),
    "bad_duration": ("Content,Video publish time,Average view duration\nabcdefghijk,\"Nov 2, 2026\",5:7x\n",
                     2, "Average view duration", None),
    "meta_mixed_date_orders": (META_HEADER + meta_row(1, "11/13/2026 10:00") + meta_row(2, "13/11/2026 9:00"),
                               3, "Publish time", "mixes day-first and month-first dates (see line 2)"),
    "facebook_post_type": (META_HEADER + meta_row(1, kind="Photos"), 2, "Post type", None),
    "meta_bad_views_after_multiline_cell": (
        META_HEADER + meta_row(1, description='"two\nlines"') + meta_row(2, views="lots"), 4, "Views", None),
    "facebook_series": ('sep=,\n"Facebook follows"\n"Date","Primary"\n"2026-11-01T00:00:00","3"\n', 2, None,
                        "'Facebook follows' is a Facebook series; only Instagram series are imported"),
    "series_without_title": ('"Date","Primary"\n"2026-11-01T00:00:00","3"\n', 1, None, None),
    "zip_of_csvs": (zipped(**{"Table data.csv": "x", "Totals.csv": "y"}), None, None,
                    "is a ZIP archive (Table data.csv, Totals.csv): extract it and import each file inside"),
    "legacy_xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), None, None, None),
    "cut_utf16": ("Date,Primary\n".encode("utf-16") + b"\x00", None, None, None),
}


@pytest.mark.parametrize(("content", "line", "column", "reason"), MALFORMED.values(), ids=MALFORMED)
def test_malformed_file_is_rejected_at_its_line_and_column(content, line, column, reason, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ImportFileError) as caught:
        read_export(path, today=date(2026, 11, 20))
    error = caught.value
    assert (error.file, error.line, error.column) == (str(path), line, column)
    if reason is not None:
        assert error.reason == reason
    assert str(error).startswith(str(path))


def test_unknown_format_says_what_it_recognised_and_what_is_missing(tmp_path):
    path = tmp_path / "views.csv"
    path.write_text("Date,Video Views\n2026-01-01,1\n")
    with pytest.raises(ImportFileError) as caught:
        read_export(path)
    assert caught.value.reason == (
        "is not a supported export: recognised columns 'Date', 'Video Views'; the closest format, "
        "TikTok Studio overview (Overview.csv), also needs 'Profile Views'")


def test_a_missing_file_is_an_import_error(tmp_path):
    with pytest.raises(ImportFileError, match="cannot be read"):
        read_export(tmp_path / "absent.csv")


# --- the registered connector ----------------------------------------------------------------

def test_import_connector_is_registered_but_never_fetches():
    cls = get_connector("import")
    assert (cls.platform, cls.label, cls.credentials, cls.source) == ("*", "Export file", "none", "import")
    account = Account(id=7, creator_id=1, handle="alice", platform="tiktok", connector="import", ref="alice")
    with pytest.raises(InputError) as caught:
        cls({}).fetch(account, None, None)
    assert "are imported with `creatorkit import FILE --account 7`; they are not fetched" in str(caught.value)
