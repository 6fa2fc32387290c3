"""A small RFC 3161 time-stamping authority on 127.0.0.1 for the signing tests.

It answers ``POST /`` with ``application/timestamp-query`` bodies: the TSTInfo carries the
request's message imprint and nonce, ``genTime`` in UTC, and is signed (CMS SignedData,
signed attributes contentType, messageDigest and ESS signingCertificateV2) by a TSA
certificate the test PKI issues (EKU id-kp-timeStamping, critical). Modes: ``ok``,
``down`` (answers HTTP 503), ``garbage`` (200 with bytes that are not DER).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import ExtendedKeyUsageOID

from kyso.core.demo.pki import Issued, PkiBuilder

UTC = dt.timezone.utc
TSA_POLICY = "2.16.704.1.1.1.9.9"


def issue_tsa_certificate(pki: PkiBuilder) -> Issued:
    return pki.issue_service(
        f"TSA chuyên dùng Chính phủ ({pki.marker})",
        ExtendedKeyUsageOID.TIME_STAMPING,
        critical_eku=True,
        key_usage=x509.KeyUsage(True, True, False, False, False, False, False, False, False),
        days=3650,
        with_crl=True,
    )


class TimeStampAuthority:
    """Builds TimeStampResp objects for TimeStampReq bytes."""

    def __init__(self, cert: Issued, chain: list[Issued]) -> None:
        self.cert = cert
        self.chain = chain
        self._serial = itertools.count(1)
        self.issued = 0

    def respond(self, body: bytes) -> bytes:
        req = tsp.TimeStampReq.load(body)
        now = dt.datetime.now(UTC).replace(microsecond=0)
        info: dict[str, object] = {
            "version": "v1",
            "policy": TSA_POLICY,
            "message_imprint": req["message_imprint"],
            "serial_number": next(self._serial),
            "gen_time": now,
            "accuracy": {"seconds": 1},
            "ordering": False,
        }
        if req["nonce"].native is not None:
            info["nonce"] = req["nonce"]
        tst_info = tsp.TSTInfo(info)
        tst_der = tst_info.dump()
        cert_der = self.cert.der
        asn1_cert = ax509.Certificate.load(cert_der)
        signed_attrs = cms.CMSAttributes(
            [
                cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
                cms.CMSAttribute(
                    {"type": "message_digest", "values": [hashlib.sha256(tst_der).digest()]}
                ),
                cms.CMSAttribute(
                    {
                        "type": "signing_certificate_v2",
                        "values": [
                            tsp.SigningCertificateV2(
                                {
                                    "certs": [
                                        tsp.ESSCertIDv2(
                                            {
                                                "hash_algorithm": {"algorithm": "sha256"},
                                                "cert_hash": hashlib.sha256(cert_der).digest(),
                                            }
                                        )
                                    ]
                                }
                            )
                        ],
                    }
                ),
            ]
        )
        signature = self.cert.key.sign(signed_attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
        signer_info = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                            {
                                "issuer": asn1_cert.issuer,
                                "serial_number": asn1_cert.serial_number,
                            }
                        )
                    }
                ),
                "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "signed_attrs": signed_attrs,
                "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
                "signature": signature,
            }
        )
        certs = [asn1_cert]
        if req["cert_req"].native:
            certs += [ax509.Certificate.load(c.der) for c in self.chain]
        signed_data = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
                "encap_content_info": cms.EncapsulatedContentInfo(
                    {"content_type": "tst_info", "content": core.ParsableOctetString(tst_der)}
                ),
                "certificates": certs,
                "signer_infos": [signer_info],
            }
        )
        resp = tsp.TimeStampResp(
            {
                "status": tsp.PKIStatusInfo({"status": "granted"}),
                "time_stamp_token": cms.ContentInfo(
                    {"content_type": "signed_data", "content": signed_data}
                ),
            }
        )
        self.issued += 1
        return resp.dump()


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class TsaServer:
    """The TSA over HTTP on an ephemeral 127.0.0.1 port."""

    def __init__(self, authority: TimeStampAuthority) -> None:
        self.authority = authority
        self.mode = "ok"
        self.hits = 0
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                server_self.hits += 1
                if server_self.mode == "down":
                    status, ctype, data = HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", b"down"
                elif server_self.mode == "garbage":
                    status, ctype, data = HTTPStatus.OK, "application/timestamp-reply", b"junk"
                else:
                    try:
                        data = server_self.authority.respond(body)
                        status, ctype = HTTPStatus.OK, "application/timestamp-reply"
                    except Exception as exc:  # a malformed request
                        status, ctype, data = (
                            HTTPStatus.BAD_REQUEST,
                            "text/plain",
                            str(exc).encode(),
                        )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
