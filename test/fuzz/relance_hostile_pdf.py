"""Schemathesis hooks (SCHEMATHESIS_HOOKS=relance_hostile_pdf) for the worker's fuzz lane.

Beside every body it generates for POST /v1/invoices, Schemathesis may draw a registration that
passes validation (the overdue invoice in RELANCE_FUZZ_INVOICE, so its first reminder is due at
once) carrying one of the hostile pdfUrl or pdfBase64 values of RELANCE_FUZZ_HOSTILE: the worker
then really tries to download or attach it. Values the API refuses are answered 422 on pdfUrl.
"""

import json
import os

import schemathesis
from hypothesis import strategies as st

INVOICE = json.loads(os.environ["RELANCE_FUZZ_INVOICE"])
HOSTILE = json.loads(os.environ["RELANCE_FUZZ_HOSTILE"])


def _hostile_registration():
    pdf = st.one_of(
        st.sampled_from(HOSTILE["pdfUrl"]).map(lambda url: {"pdfUrl": url}),
        st.sampled_from(HOSTILE["pdfBase64"]).map(lambda b64: {"pdfBase64": b64}),
    )
    return st.builds(
        lambda uid, fields: {**INVOICE, "externalId": f"FUZZ-{uid.hex[:16]}", **fields},
        st.uuids(),
        pdf,
    )


@schemathesis.hook
def flatmap_body(context, body):
    operation = context.operation
    if operation is None or operation.method.upper() != "POST" or operation.path != "/v1/invoices":
        return st.just(body)
    return st.one_of(st.just(body), _hostile_registration())
