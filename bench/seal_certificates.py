"""Sealing benchmark (issue 13): 45 certificates sealed (PAdES) vs rendered unsigned.

Makes a test PKI with a loopback OCSP responder in a temporary folder (TEST KEYS ONLY),
builds 45 certificates in memory (no database), then prints:
- rendering the 45 certificates unsigned;
- rendering and sealing them in one process, and in two processes (the machine's 2 cores);
- the seal alone per document (p50/p95): PAdES B-LT (timestamp from the test PKI's TSA on
  loopback, validation data embedded) and B-B (no timestamp, as with the TSA fallback);
- verifying one detached CMS signature and one sealed PDF without network (p50/p95).
Targets: 45 sealed in < 5 s; a verification in < 50 ms. The machine is shared, so the
one-process runs also print their CPU time (with the loopback TSA and OCSP responder, which
run in this process), a figure the other sessions' load does not inflate much.

    .venv/bin/python bench/seal_certificates.py
    .venv/bin/python bench/seal_certificates.py --count 45 --processes 2
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")


def setup(pki_dir: str) -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.SIGNATURES_TRUST_ANCHORS = []
    settings.SIGNATURES_ACCEPT_TEST_PKI = True
    settings.SIGNATURES_TEST_PKI_DIR = Path(pki_dir)
    settings.SIGNATURE_SEAL_PKCS12 = ""
    import logging

    logging.disable(logging.INFO)


def certificates(count: int) -> list:
    from academy.accounts.models import User
    from academy.documents.models import Certificate
    from academy.training.models import Course, Group, Order

    course = Course(
        title_kk="Азаматтық сот ісін жүргізу",
        title_ru="Гражданское судопроизводство",
        title_en="Civil proceedings",
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 11),
    )
    group = Group(course=course, name="1-топ")
    rector = User(surname="Нұрпейісов", first_name="Бауыржан", patronymic="Серікұлы")
    order = Order(number="31-с", date=dt.date(2026, 3, 13), signed_by=rector)
    made = []
    for index in range(count):
        listener = User(surname=f"Тыңдаушы{index:02d}", first_name="Ерлан", patronymic="Болатұлы")
        made.append(
            Certificate(
                number=f"ЖСА-2026-{index + 1:06d}",
                listener=listener,
                group=group,
                order=order,
                hours=40,
                issued_on=dt.date(2026, 3, 13),
                language="kk",
                verification_code=f"CODE{index:04d}",
            )
        )
    return made


def render_all(count: int) -> list[bytes]:
    from academy.documents.pdf import render_certificate

    return [render_certificate(c, base_url="https://academy.kz/") for c in certificates(count)]


def seal_all(args: tuple[str, int]) -> int:
    pki_dir, count = args
    setup(pki_dir)
    from academy.documents.pdf import render_certificate
    from academy.signatures.pades import Sealer

    sealer = Sealer()
    for certificate in certificates(count):
        sealer.seal(render_certificate(certificate, base_url="https://academy.kz/"))
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=45)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--verify-repeat", type=int, default=50)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as pki_dir:
        from academy.signatures import testing, testpki

        with testpki.OCSPResponder() as responder:
            pki = testing.build_pki(responder.url, responder.tsa_url)
            responder.pki = pki
            pki.save(Path(pki_dir))
            setup(pki_dir)
            render_all(1)  # fonts registered, templates warm

            started, cpu = time.perf_counter(), time.process_time()
            plain = render_all(options.count)
            rendered = time.perf_counter() - started
            rendered_cpu = time.process_time() - cpu

            started, cpu = time.perf_counter(), time.process_time()
            seal_all((pki_dir, options.count))
            sealed_one = time.perf_counter() - started
            sealed_one_cpu = time.process_time() - cpu

            parts = [options.count // options.processes] * options.processes
            parts[0] += options.count - sum(parts)
            started = time.perf_counter()
            with ProcessPoolExecutor(options.processes) as pool:
                done = sum(pool.map(seal_all, [(pki_dir, n) for n in parts]))
            sealed_many = time.perf_counter() - started
            assert done == options.count

            from django.conf import settings

            from academy.signatures.pades import LEVEL_B, LEVEL_LT, Sealer, verify_pdf
            from academy.signatures.testing import RECTOR_IIN
            from academy.signatures.verification import verify_cms

            def seal_times(sealer: Sealer, level: str) -> list[float]:
                sealer.seal(plain[0])  # the first asks the TSA twice (pyHanko sizes the token)
                times = []
                for pdf in plain:
                    t = time.perf_counter()
                    sealer.seal(pdf)
                    times.append((time.perf_counter() - t) * 1000)
                    assert sealer.level == level, sealer.level
                return times

            lt_times = seal_times(Sealer(), LEVEL_LT)
            tsa_url, settings.SIGNATURE_TSA_URL = pki.tsa_url, "http://127.0.0.1:9/none"
            settings.SIGNATURE_TSA_FALLBACK_BB = True
            no_tsa = Sealer()
            no_tsa.timestamper = None
            bb_times = seal_times(no_tsa, LEVEL_B)
            settings.SIGNATURE_TSA_URL = ""
            assert tsa_url

            sealed_pdf = Sealer().seal(plain[0])
            assert verify_pdf(sealed_pdf, fetch=False).level == LEVEL_LT
            cms = testpki.sign_detached(pki.people[RECTOR_IIN], plain[0], pki.chain)
            cms_times, pdf_times = [], []
            for _ in range(options.verify_repeat):
                t = time.perf_counter()
                assert verify_cms(cms_bytes=cms, content=plain[0], check_revocation=False).ok
                cms_times.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                assert verify_pdf(sealed_pdf, fetch=False).ok
                pdf_times.append((time.perf_counter() - t) * 1000)

    def pct(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))]

    n = options.count
    print(
        f"render {n} certificates unsigned:          {rendered:6.2f} s ({rendered / n * 1000:.0f} ms each)"
        f", CPU {rendered_cpu:.2f} s"
    )
    print(
        f"render + seal {n}, 1 process:             {sealed_one:6.2f} s ({sealed_one / n * 1000:.0f} ms each)"
        f", CPU {sealed_one_cpu:.2f} s"
    )
    print(f"render + seal {n}, {options.processes} processes:           {sealed_many:6.2f} s")
    print(
        f"seal one document, PAdES B-LT (TSA + OCSP in DSS): p50 {statistics.median(lt_times):.0f} ms, "
        f"p95 {pct(lt_times, 0.95):.0f} ms"
    )
    print(
        f"seal one document, PAdES B-B (no timestamp):      p50 {statistics.median(bb_times):.0f} ms, "
        f"p95 {pct(bb_times, 0.95):.0f} ms"
    )
    print(
        f"verify CMS (no network): p50 {statistics.median(cms_times):.1f} ms, p95 {pct(cms_times, 0.95):.1f} ms"
    )
    print(
        f"verify sealed PDF (no network): p50 {statistics.median(pdf_times):.1f} ms, p95 {pct(pdf_times, 0.95):.1f} ms"
    )
    best = min(sealed_one, sealed_many)
    print(f"target 45 sealed < 5 s: {'met' if best < 5 else 'NOT met'} ({best:.2f} s)")
    print(
        f"target verify < 50 ms: CMS {'met' if statistics.median(cms_times) < 50 else 'NOT met'}, "
        f"PDF {'met' if statistics.median(pdf_times) < 50 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
