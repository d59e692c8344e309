//! Not part of the lesson: the orders `fetch_orders` returns, generated from the batch id so that
//! a retried activity returns the same batch. As in the Python sample, each order is padded with
//! filler text so that a batch of 200 is several hundred kilobytes even compressed. (The numbers
//! differ from Python's: the two generators are different pseudo-random functions.)

use crate::activities::{Address, Customer, Order, OrderItem, round};

const CITIES: [(&str, &str); 10] = [
    ("Houston", "TX"),
    ("Dallas", "TX"),
    ("Los Angeles", "CA"),
    ("San Francisco", "CA"),
    ("Denver", "CO"),
    ("Miami", "FL"),
    ("Chicago", "IL"),
    ("New York", "NY"),
    ("Seattle", "WA"),
    ("Atlanta", "GA"),
];
const ITEMS_PER_ORDER: usize = 5;
const ITEM_DESCRIPTION_CHARS: usize = 500;
const SHIPPING_NOTES_CHARS: usize = 200;
const FILLER: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ";

/// Orders `1..=count` of batch `batch_id` (none for a count below one, as Python's `range`).
pub fn generate_orders(batch_id: &str, count: i64) -> Vec<Order> {
    (1..=count).map(|i| generate_order(batch_id, i)).collect()
}

/// SplitMix64, seeded from the batch id and the order's index.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Self {
        // FNV-1a of the seed string.
        Self(seed.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        }))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    fn int(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }

    /// Uniform in `low..high`.
    fn float(&mut self, low: f64, high: f64) -> f64 {
        low + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
    }

    fn filler(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| FILLER[self.next() as usize % FILLER.len()] as char)
            .collect()
    }
}

fn generate_order(batch_id: &str, index: i64) -> Order {
    let mut rng = Rng::new(&format!("{batch_id}-{index}"));
    let (city, state) = CITIES[rng.int(0, CITIES.len() as i64 - 1) as usize];
    let items: Vec<OrderItem> = (0..ITEMS_PER_ORDER)
        .map(|_| OrderItem {
            sku: format!("SKU-{}", rng.int(10_000, 99_999)),
            name: format!("Product {}", rng.int(1, 999)),
            description: rng.filler(ITEM_DESCRIPTION_CHARS),
            quantity: rng.int(1, 10),
            unit_price_usd: round(rng.float(10.0, 1000.0), 2),
            weight_kg: round(rng.float(0.5, 50.0), 2),
        })
        .collect();
    let total_weight_kg = round(
        items.iter().map(|i| i.weight_kg * i.quantity as f64).sum(),
        2,
    );
    Order {
        id: format!("ORD-{index:06}"),
        customer: Customer {
            id: format!("CUST-{index:06}"),
            name: format!("Customer {index}"),
            email: format!("customer{index}@example.com"),
            address: Address {
                street: format!("{} Main Street", rng.int(100, 9999)),
                city: city.to_owned(),
                state: state.to_owned(),
                zip_code: rng.int(10_000, 99_999).to_string(),
                country: "US".to_owned(),
            },
        },
        items,
        total_weight_kg,
        shipping_notes: rng.filler(SHIPPING_NOTES_CHARS),
    }
}
