"""The packing station in Chromium, driven only by "scanned" keyboard input (a wedge
scanner types the code and Enter): the right item, a wrong item, an over-scan and an
unknown barcode, then a box by its number key and Enter to ship — at 1440 and 768 px."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fulfilment, shipping
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.fulfilment import Picking, berlin_boxes, picking_order
from tests.factories.orders import MUG, TEE

pytestmark = pytest.mark.browser
PACKER = StaffLogin("jonas@example.com", "correct-horse-battery", "Jonas Packer")


@pytest.fixture
def picking(session_factory: sessionmaker[Session]) -> Picking:
    with session_factory() as session, session.begin():
        create_user(session, email=PACKER.email, name=PACKER.name, role=Role.OPERATIONS,
                    password=PACKER.password)  # fmt: skip
        return picking_order(session, mugs=2)


def scanned(page: Page, code: str) -> None:
    """What a keyboard-wedge scanner does: the code as fast keystrokes, then Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def beeps(page: Page) -> tuple[int, str]:
    data = page.evaluate("[document.body.dataset.beeps || '0', document.body.dataset.lastBeep]")
    return int(data[0]), str(data[1])


def expect_refusal(page: Page, text: str, beeps_before: int) -> int:
    alert = page.get_by_role("alert").filter(has_text=text)
    expect(alert).to_be_visible()
    expect(page.get_by_test_id("scan-input")).to_be_focused()
    count, kind = beeps(page)
    assert (count, kind) == (beeps_before + 1, "error")
    return count


@pytest.mark.parametrize("width", [1440, 768], ids=["desktop", "tablet"])
def test_a_parcel_is_packed_boxed_and_shipped_from_the_keyboard_alone(
    page: Page, live_server: str, picking: Picking, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 1000})
    log_in(page, live_server, PACKER)
    page.goto(f"{live_server}/workspace/packing")
    scan_input = page.get_by_test_id("scan-input")
    expect(scan_input).to_be_focused()

    scanned(page, fulfilment.tote_code(picking.pick_list_id, 1))
    expect(page.get_by_test_id("line-progress-MUG-BLUE")).to_have_text("0 / 2")
    assert page.url.endswith(f"/workspace/packing/{picking.fulfilment_id}")

    scanned(page, TEE)
    count = expect_refusal(page, "Wrong item: TEE-RED is not in this parcel", 1)
    scanned(page, "NO-SUCH-BARCODE")
    count = expect_refusal(page, "Unknown barcode NO-SUCH-BARCODE", count)

    scanned(page, MUG)
    expect(page.get_by_test_id("line-progress-MUG-BLUE")).to_have_text("1 / 2")
    expect(page.get_by_test_id("station-alert")).to_be_hidden()
    scanned(page, MUG)
    expect(page.get_by_test_id("parcel-progress")).to_have_text("2 / 2")
    scanned(page, MUG)
    count = expect_refusal(page, "Over-scan", count + 2)

    page.keyboard.press("1")
    expect(page.get_by_test_id("box-1")).to_have_attribute("aria-pressed", "true")
    expect(scan_input).to_have_value("")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("shipped")).to_contain_text("Shipped with")
    label = page.get_by_test_id("label-link")
    expect(label).to_have_attribute("href", "/workspace/shipments/1/label.pdf")
    expect(label).to_have_attribute("target", "_blank")
    expect(page.get_by_test_id("slip-link")).to_be_visible()
    expect(scan_input).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with page.context.expect_page() as slip:
        page.keyboard.press("s")
    assert slip.value.url.endswith(f"/workspace/packing/{picking.fulfilment_id}/slip.pdf")


def test_a_reload_resumes_and_the_camera_fails_politely_without_one(
    page: Page, live_server: str, picking: Picking
) -> None:
    page.set_viewport_size({"width": 768, "height": 1000})
    log_in(page, live_server, PACKER)
    page.goto(f"{live_server}/workspace/packing/{picking.fulfilment_id}")
    scanned(page, MUG)
    expect(page.get_by_test_id("line-progress-MUG-BLUE")).to_have_text("1 / 2")
    page.reload()
    expect(page.get_by_test_id("line-progress-MUG-BLUE")).to_have_text("1 / 2")

    page.get_by_test_id("camera-toggle").click()
    expect(page.get_by_test_id("station-status")).to_contain_text("camera", ignore_case=True)
    expect(page.get_by_test_id("station-alert")).to_be_hidden()
    expect(page.get_by_test_id("scan-input")).to_be_focused()
    scanned(page, MUG)  # the scanner still works after the camera said no
    expect(page.get_by_test_id("parcel-progress")).to_have_text("2 / 2")


def test_the_warehouses_own_boxes_are_keyed_and_the_parcel_weighs_items_and_box(
    page: Page, live_server: str, picking: Picking, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        berlin_boxes(session, picking.shop.berlin)
    page.set_viewport_size({"width": 768, "height": 1000})
    log_in(page, live_server, PACKER)
    page.goto(f"{live_server}/workspace/packing")

    scanned(page, fulfilment.tote_code(picking.pick_list_id, 1))
    scanned(page, MUG)
    scanned(page, MUG)
    expect(page.get_by_test_id("box-1")).to_contain_text("Duo carton")
    expect(page.get_by_test_id("box-2")).to_contain_text("Crate")
    expect(page.get_by_test_id("box-3")).to_have_count(0)  # the pouch is too flat
    page.keyboard.press("2")
    expect(page.get_by_test_id("box-2")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("shipped")).to_contain_text("Shipped with")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    with session_factory() as session:
        (shipment,) = session.scalars(sa.select(shipping.Shipment)).all()
        purchase = session.scalars(sa.select(shipping.LabelPurchase)).one()
    assert shipment.packages == [
        {"weight_g": 2 * 350 + 900, "length_mm": 500, "width_mm": 400, "height_mm": 300}
    ]
    assert (purchase.status, purchase.shipment_id) == (
        shipping.PurchaseStatus.ATTACHED, shipment.id,
    )  # fmt: skip
