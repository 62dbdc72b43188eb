"""In a real browser: the Bengkulu focal point submits an issue and a commitment, the organiser
returns it, the focal point fixes and resubmits, posts progress with evidence, and the organiser
verifies it done."""
import pytest

pytestmark = pytest.mark.browser


def _login(page, base, email):
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill("correct-horse-9")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/tasks")


def _logout(page):
    page.locator("header").get_by_role("button", name="Keluar").click()


def test_bengkulu_submission_review_progress_and_verification(page, live_server, world, users, open_submissions,
                                                               tmp_path):
    base = live_server
    submission = f"{base}/events/{world.slug}/follow-up/provinces/17"
    _login(page, base, users["fp17"].email)
    page.goto(submission)
    issue_form = page.get_by_test_id("issue-form")
    issue_form.locator("[name=description]").fill("Provinsi Bengkulu belum memiliki Mal Pelayanan Publik.")
    issue_form.locator("[name=category]").select_option("sarana_prasarana")
    issue_form.locator("[name=agency_id]").select_option(str(world.agencies["17"]))
    issue_form.get_by_role("button", name="Simpan permasalahan").click()
    assert "Mal Pelayanan Publik" in page.get_by_test_id("issue").inner_text()

    form = page.get_by_test_id("commitment-form")
    form.locator("[name=title]").fill("Pelayanan prima berbasis online melalui sistem terintegrasi")
    form.locator("[name=agency_id]").select_option(str(world.agencies["17"]))
    form.locator("[name=due_date]").fill("2021-12-31")
    form.locator("[name=issue_ids]").check()
    form.get_by_role("button", name="Simpan komitmen").click()
    assert "Pelayanan prima" in page.get_by_test_id("commitment").inner_text()
    page.get_by_test_id("submit").click()
    assert "Dikirim" in page.get_by_test_id("submission-state").inner_text()
    _logout(page)

    _login(page, base, users["organiser"].email)
    page.goto(submission)
    page.locator("[name=comment]").fill("Mohon lengkapi keluaran yang diharapkan.")
    page.get_by_test_id("return").click()
    assert "Dikembalikan" in page.get_by_test_id("submission-state").inner_text()
    _logout(page)

    _login(page, base, users["fp17"].email)
    page.goto(submission)
    assert "Mohon lengkapi keluaran" in page.get_by_test_id("return-comment").inner_text()
    page.get_by_test_id("commitment").get_by_role("link", name="Ubah").click()
    page.locator("main form [name=expected_output]").fill("Aplikasi perizinan daring terintegrasi")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.goto(submission)
    page.get_by_test_id("submit").click()
    assert "Dikirim" in page.get_by_test_id("submission-state").inner_text()

    page.get_by_test_id("commitment").get_by_role("link").first.click()
    evidence = tmp_path / "bukti-uji-coba.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("[name=note]").fill("Aplikasi telah berjalan di DPMPTSP.")
    page.locator("[name=progress]").fill("100")
    page.locator("select[name=status]").select_option("done")
    page.locator("[name=evidence_file]").set_input_files(str(evidence))
    page.get_by_role("button", name="Simpan laporan").click()
    assert "Menunggu verifikasi" in page.get_by_test_id("item-status").inner_text()
    assert "bukti-uji-coba.pdf" in page.get_by_test_id("update").first.inner_text()
    item_url = page.url
    _logout(page)

    _login(page, base, users["organiser"].email)
    page.goto(item_url)
    page.get_by_test_id("verify-box").get_by_role("button", name="Verifikasi selesai").click()
    status = page.get_by_test_id("item-status").inner_text()
    assert "Selesai" in status and "Terverifikasi" in status
    history = page.get_by_test_id("history").inner_text()
    assert "Selesai diverifikasi" in history and "fp17@example.go.id" in history
