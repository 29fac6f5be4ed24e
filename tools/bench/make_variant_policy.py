#!/usr/bin/env python3
"""Writes the scale-test policy: cloud-cn plus N product-specific item-rule groups.

    tools/bench/make_variant_policy.py OUT_DIR [N]     (N defaults to 1000)

Each variant is a group for one product `p0001`..`pN` with cloud-cn's shape (a no-reason
window with the yearly quota, then a partial refund by days used), placed before cloud-cn's own
I8 so that the dispatch index on `item.product` is what keeps it cheap. The benchmark gives
part of its orders' items these products so that the variants are actually taken.
"""
import os
import shutil
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VARIANT = """\
  - id: variant-{n:04d}
    when: item.product == p{n:04d} and order.payment_type in [subscription, reserved_instance]
    rules:
      - id: variant-{n:04d}-no-reason
        when: order.order_type == new and not exists(item.parent) and inside(no_reason)
        quota: no_reason
        refund: full
        code: NO_REASON_FULL_REFUND
        window: no_reason
        deadline: true
      - id: variant-{n:04d}-partial
        otherwise: true
        refund: by_days_used
        code: PARTIAL_REFUND
"""


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 1000
    source = os.path.join(ROOT, "rules", "cloud-cn")
    with open(os.path.join(source, "policy.yaml"), encoding="utf-8") as f:
        policy = f.read()
    anchor = "  - id: no-reason-window"
    if anchor not in policy:
        sys.exit("make_variant_policy: cloud-cn has no `no-reason-window` rule to insert before")
    variants = "".join(VARIANT.format(n=n) for n in range(1, count + 1))
    policy = policy.replace(anchor, variants + anchor, 1)
    policy = policy.replace("name: cloud-cn", f"name: cloud-cn-{count}-variants", 1)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "policy.yaml"), "w", encoding="utf-8") as f:
        f.write(policy)
    for name in sorted(os.listdir(source)):  # what policy.yaml includes (codes, labels, ...)
        if name.endswith(".yaml") and name != "policy.yaml":
            shutil.copyfile(os.path.join(source, name), os.path.join(out_dir, name))


if __name__ == "__main__":
    main()
