"""Build an import plan from an Olist folder: valid orders with everything they need,
and the rows that cannot be imported with their reasons. No database access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from opsdesk.integrations.olist import mapping as m
from opsdesk.integrations.olist import source as src


@dataclass(frozen=True)
class Rejection:
    file: str
    key: str
    code: str
    reason: str


@dataclass(frozen=True)
class Place:
    city: str
    state: str
    postal_code: str


@dataclass(frozen=True)
class ProductPlan:
    product_id: str
    category: str
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int


@dataclass
class LinePlan:
    product_id: str
    seller_id: str
    unit_price_minor: int
    quantity: int = 0
    freight_minor: int = 0


@dataclass
class OrderPlan:
    order_id: str
    customer_unique_id: str
    olist_status: str
    status: m.StatusMapping
    purchased_at: datetime
    approved_at: datetime | None
    handed_over_at: datetime | None
    delivered_at: datetime | None
    promised: date
    destination: Place
    lines: dict[tuple[str, str, int], LinePlan] = field(default_factory=dict)

    @property
    def subtotal_minor(self) -> int:
        return sum(line.unit_price_minor * line.quantity for line in self.lines.values())

    @property
    def shipping_minor(self) -> int:
        return sum(line.freight_minor for line in self.lines.values())


@dataclass
class ImportPlan:
    orders: dict[str, OrderPlan] = field(default_factory=dict)
    customers: dict[str, Place] = field(default_factory=dict)  # by customer_unique_id
    products: dict[str, ProductPlan] = field(default_factory=dict)
    sellers: dict[str, Place] = field(default_factory=dict)
    prices: dict[str, tuple[datetime, int]] = field(default_factory=dict)  # latest sale
    rejections: list[Rejection] = field(default_factory=list)
    orders_read: int = 0

    def reject(self, file: str, key: str, error: m.RowError) -> None:
        self.rejections.append(Rejection(file, key, error.code, error.message))


@dataclass(frozen=True)
class _CustomerRow:
    unique_id: str
    place: Place


def build_plan(directory: Path, *, limit: int | None = None) -> ImportPlan:
    src.check_folder(directory)
    plan = ImportPlan()
    customers = _read_customers(directory)
    _read_orders(directory, plan, customers, limit)
    _read_items(directory, plan)
    _drop_orders_without_items(plan)
    _read_products(directory, plan)
    _read_sellers(directory, plan)
    _drop_orders_with_unknown_refs(plan)
    return plan


def _place(city: str, state: str, postal_code: str) -> Place:
    """A customer's or seller's place, each part cut to what the address columns hold."""
    postal = m.postal_prefix(postal_code)[:16]
    return Place(city=city[:120], state=state.upper()[:64], postal_code=postal)


def _read_customers(directory: Path) -> dict[str, _CustomerRow]:
    """Customers by id; a row with a malformed id is left out (its orders are then
    refused as ``missing_customer``)."""
    found: dict[str, _CustomerRow] = {}
    for _line, row in src.rows(directory, src.CUSTOMERS):
        if not m.well_formed(row["customer_id"], row["customer_unique_id"]):
            continue
        place = _place(row["customer_city"], row["customer_state"], row["customer_zip_code_prefix"])
        found[row["customer_id"]] = _CustomerRow(row["customer_unique_id"], place)
    return found


def _read_orders(
    directory: Path, plan: ImportPlan, customers: dict[str, _CustomerRow], limit: int | None
) -> None:
    seen: set[str] = set()
    for _line, row in src.rows(directory, src.ORDERS):
        if limit is not None and plan.orders_read >= limit:
            break
        plan.orders_read += 1
        order_id = row["order_id"]
        try:
            m.identifier(order_id, "order_id")
            if order_id in seen:
                raise m.RowError("duplicate", "the order id appears more than once")
            seen.add(order_id)
            order = _order(row, customers)
        except m.RowError as error:
            plan.reject("orders", order_id, error)
            continue
        plan.orders[order_id] = order
        plan.customers.setdefault(order.customer_unique_id, order.destination)


def _order(row: dict[str, str], customers: dict[str, _CustomerRow]) -> OrderPlan:
    customer = customers.get(row["customer_id"])
    if customer is None:
        raise m.RowError("missing_customer", f"customer {row['customer_id']} is not in the file")
    purchased = m.local_to_utc(row["order_purchase_timestamp"], "order_purchase_timestamp")
    if purchased is None:
        raise m.RowError("bad_timestamp", "the purchase timestamp is missing")
    return OrderPlan(
        order_id=row["order_id"],
        customer_unique_id=customer.unique_id,
        olist_status=row["order_status"],
        status=m.status_of(row["order_status"]),
        purchased_at=purchased,
        approved_at=m.local_to_utc(row["order_approved_at"], "order_approved_at"),
        handed_over_at=m.local_to_utc(
            row["order_delivered_carrier_date"], "order_delivered_carrier_date"
        ),
        delivered_at=m.local_to_utc(
            row["order_delivered_customer_date"], "order_delivered_customer_date"
        ),
        promised=m.promise_date(
            row["order_estimated_delivery_date"], "order_estimated_delivery_date"
        ),
        destination=customer.place,
    )


def _read_items(directory: Path, plan: ImportPlan) -> None:
    """Olist repeats an item row per unit; rows of one product, seller and price merge."""
    seen: set[tuple[str, str]] = set()
    for _line, row in src.rows(directory, src.ITEMS):
        order = plan.orders.get(row["order_id"])
        if order is None:
            continue
        key = f"{row['order_id']}#{row['order_item_id']}"
        try:
            if (row["order_id"], row["order_item_id"]) in seen:
                raise m.RowError("duplicate", "the item appears more than once")
            seen.add((row["order_id"], row["order_item_id"]))
            price = m.brl_to_minor(row["price"], "price")
            freight = m.brl_to_minor(row["freight_value"], "freight_value")
        except m.RowError as error:
            plan.reject("order_items", key, error)
            continue
        line = order.lines.setdefault(
            (row["product_id"], row["seller_id"], price),
            LinePlan(row["product_id"], row["seller_id"], price),
        )
        line.quantity += 1
        line.freight_minor += freight


def _drop_orders_without_items(plan: ImportPlan) -> None:
    for order_id in [oid for oid, order in plan.orders.items() if not order.lines]:
        del plan.orders[order_id]
        plan.reject("orders", order_id, m.RowError("no_items", "the order has no items"))


def _read_products(directory: Path, plan: ImportPlan) -> None:
    wanted = {line.product_id for o in plan.orders.values() for line in o.lines.values()}
    translations = {
        row["product_category_name"]: row["product_category_name_english"]
        for _line, row in src.rows(directory, src.TRANSLATIONS)
    }
    for _line, row in src.rows(directory, src.PRODUCTS):
        product_id = row["product_id"]
        if product_id not in wanted or product_id in plan.products:
            continue
        if not m.well_formed(product_id):  # its orders are refused as unknown_product
            continue
        category = row["product_category_name"]
        plan.products[product_id] = ProductPlan(
            product_id=product_id,
            category=translations.get(category, category)[:80],
            weight_g=m.grams(row["product_weight_g"]),
            length_mm=m.cm_to_mm(row["product_length_cm"]),
            width_mm=m.cm_to_mm(row["product_width_cm"]),
            height_mm=m.cm_to_mm(row["product_height_cm"]),
        )


def _read_sellers(directory: Path, plan: ImportPlan) -> None:
    wanted = {line.seller_id for o in plan.orders.values() for line in o.lines.values()}
    for _line, row in src.rows(directory, src.SELLERS):
        if row["seller_id"] in wanted and m.well_formed(row["seller_id"]):
            plan.sellers[row["seller_id"]] = _place(
                row["seller_city"], row["seller_state"], row["seller_zip_code_prefix"]
            )


def _drop_orders_with_unknown_refs(plan: ImportPlan) -> None:
    """An order is imported whole or not at all: one unknown product rejects it."""
    for order_id, order in list(plan.orders.items()):
        error = _unknown_reference(plan, order)
        if error is not None:
            del plan.orders[order_id]
            plan.reject("orders", order_id, error)
            continue
        for line in order.lines.values():
            sold = plan.prices.get(line.product_id)
            if sold is None or sold[0] < order.purchased_at:
                plan.prices[line.product_id] = (order.purchased_at, line.unit_price_minor)
    _keep_only_what_orders_use(plan)


def _keep_only_what_orders_use(plan: ImportPlan) -> None:
    lines = [line for order in plan.orders.values() for line in order.lines.values()]
    buyers = {order.customer_unique_id for order in plan.orders.values()}
    products = {line.product_id for line in lines}
    sellers = {line.seller_id for line in lines}
    plan.customers = {k: v for k, v in plan.customers.items() if k in buyers}
    plan.products = {k: v for k, v in plan.products.items() if k in products}
    plan.sellers = {k: v for k, v in plan.sellers.items() if k in sellers}


def _unknown_reference(plan: ImportPlan, order: OrderPlan) -> m.RowError | None:
    for line in order.lines.values():
        if line.product_id not in plan.products:
            return m.RowError("unknown_product", f"product {line.product_id} is not in the file")
        if line.seller_id not in plan.sellers:
            return m.RowError("unknown_seller", f"seller {line.seller_id} is not in the file")
        try:
            m.warehouse_code(line.seller_id)
        except m.RowError as error:
            return error
    return None
