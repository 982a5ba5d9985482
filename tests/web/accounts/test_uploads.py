"""Images through the dashboard: checked by content, size- and pixel-limited,
re-encoded without metadata, served immutable, used by the kit and its PDF; and one
creator cannot remove another's."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from creatorkit.site.export import export_site
from creatorkit.storage import creators as creator_store
from creatorkit.storage import uploads as upload_store
from tests.web.kit.test_dashboard import sign_in


@pytest.fixture
def camille(app, client, app_db, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    creator_store.create_creator(app_db, "camille", "Camille")
    sign_in(client, app_db, "camille")
    return creator_store.get_creator(app_db, "camille")


def csrf(client) -> str:
    html = client.get("/dashboard/?lang=en").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def photo(size=(1200, 900), mode="RGB", fmt="JPEG", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "teal").save(out, fmt, **save)
    return out.getvalue()


def with_gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPSInfo: latitude
    exif[0x0112] = 6  # Orientation: rotated 90° clockwise
    return photo(exif=exif.tobytes())


def upload(client, data: bytes, kind="avatar", filename="me.jpg"):
    return client.post("/dashboard/uploads", data={"csrf_token": csrf(client), "kind": kind,
                                                   "image": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_an_avatar_is_reencoded_without_metadata_and_becomes_the_kits_portrait(client, app_db, camille):
    assert upload(client, with_gps_exif()).status_code == 302
    [row] = upload_store.of_creator(app_db, camille["id"])
    address = f"/uploads/{row['name']}"
    assert creator_store.get_creator(app_db, "camille")["avatar_url"] == address
    with client.get(address) as served:
        data = served.data
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and not image.getexif() and b"SecretCam" not in data
    assert image.size == (600, 800) == (row["width"], row["height"])  # turned upright, shrunk to 800
    assert f'src="{address}"' in client.get("/@camille").get_data(as_text=True)


def test_the_pdf_embeds_the_uploaded_portrait(client, camille):
    upload(client, photo())
    pdf = PdfReader(io.BytesIO(client.get("/@camille.pdf").data))
    sizes = {(image.image.width, image.image.height) for page in pdf.pages for image in page.images}
    assert (800, 600) in sizes


def test_a_transparent_logo_stays_png(client, app_db, camille):
    assert upload(client, photo((300, 300), "RGBA", "PNG"), kind="logo").status_code == 302
    [row] = upload_store.of_creator(app_db, camille["id"])
    assert (row["kind"], row["content_type"], row["name"][-4:]) == ("logo", "image/png", ".png")
    assert creator_store.get_creator(app_db, "camille")["avatar_url"] is None


@pytest.mark.parametrize("data, filename, message", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "me.png", "not an image"),
    (b"%PDF-1.4 not a picture", "me.jpg", "not an image"),
    (photo((9000, 9000), "1", "PNG"), "bomb.png", "more than 40,000,000 pixels"),
    (photo()[:400], "cut.jpg", "not an image"),
])
def test_files_that_are_not_safe_images_are_refused_next_to_the_field(client, app_db, camille, data, filename,
                                                                      message):
    response = upload(client, data, filename=filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="upload-error" role="alert">[^<]*' + message, page)
    assert upload_store.of_creator(app_db, camille["id"]) == []


def test_a_file_over_the_limit_is_refused(app, client, app_db, camille):
    app.config["UPLOAD_MAX_BYTES"] = 256 * 1024  # under werkzeug's 500 kB, the test client spools no file
    noisy = Image.effect_noise((360, 360), 100).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert 256 * 1024 < len(out.getvalue()) < 500 * 1024
    response = upload(client, out.getvalue(), filename="big.png")
    assert response.status_code == 400 and "larger than 256 kB" in response.get_data(as_text=True)


def test_a_bomb_beyond_pillows_own_limit_is_refused(app, client, app_db, camille):
    app.config["UPLOAD_MAX_PIXELS"] = 10**12  # only Pillow's own guard is left
    response = upload(client, photo((20000, 20000), "1", "PNG"), filename="bomb.png")
    assert response.status_code == 400 and "too many pixels" in response.get_data(as_text=True)


def test_one_creator_cannot_remove_or_list_anothers_upload(app, client, app_db, camille):
    upload(client, photo())
    [row] = upload_store.of_creator(app_db, camille["id"])
    creator_store.create_creator(app_db, "dana", "Dana")
    other = app.test_client()
    sign_in(other, app_db, "dana")
    response = other.post(f"/dashboard/uploads/{row['id']}/delete", data={"csrf_token": csrf(other)})
    assert response.status_code == 404
    assert upload_store.of_creator(app_db, camille["id"]) == [row]
    assert row["name"] not in other.get("/dashboard/?lang=en").get_data(as_text=True)
    own = client.post(f"/dashboard/uploads/{row['id']}/delete", data={"csrf_token": csrf(client)})
    assert own.status_code == 302
    assert creator_store.get_creator(app_db, "camille")["avatar_url"] is None
    assert client.get(f"/uploads/{row['name']}").status_code == 404


def test_uploaded_logos_go_into_the_forms_but_only_ones_own(app, client, app_db, camille):
    upload(client, photo((300, 120)), kind="logo")
    [mine] = upload_store.of_creator(app_db, camille["id"])
    creator_store.create_creator(app_db, "dana", "Dana")
    other = app.test_client()
    sign_in(other, app_db, "dana")
    form = {"name": "Acme", "logo_url": f"/uploads/{mine['name']}"}
    stolen = other.post("/dashboard/brands/add", data={**form, "csrf_token": csrf(other)})
    assert stolen.status_code == 400 and "your own uploaded images" in stolen.get_data(as_text=True)
    assert client.post("/dashboard/brands/add", data={**form, "csrf_token": csrf(client)}).status_code == 302
    assert f'src="/uploads/{mine["name"]}" alt="Acme"' in client.get("/@camille").get_data(as_text=True)


def test_the_profile_still_saves_with_an_uploaded_portrait(client, app_db, camille):
    upload(client, photo())
    portrait = creator_store.get_creator(app_db, "camille")["avatar_url"]
    saved = client.post("/dashboard/profile", data={"csrf_token": csrf(client), "display_name": "Camille L.",
                                                    "avatar_url": portrait})
    assert saved.status_code == 302
    assert creator_store.get_creator(app_db, "camille")["avatar_url"] == portrait


def test_the_microsite_carries_the_uploaded_portrait(app, client, app_db, camille, tmp_path):
    upload(client, photo())
    [row] = upload_store.of_creator(app_db, camille["id"])
    export_site(app, tmp_path / "site", ["camille"], with_pdf=False)
    page = (tmp_path / "site" / "camille" / "index.html").read_text()
    assert f'src="../uploads/{row["name"]}"' in page
    stored = Path(client.application.config["UPLOAD_FOLDER"]) / row["name"]
    assert (tmp_path / "site" / "uploads" / row["name"]).read_bytes() == stored.read_bytes()
