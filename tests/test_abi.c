/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_abi.c - the extensible-struct rule (psutil.h, "ABI") in one process: each sized
 * function called through its symbol with a caller's size larger and smaller than the
 * library's, as a program built against a newer or an older header calls it, against
 * the same call at the library's size. The fixture tree tests/fixtures/linux/abi has three
 * processes whose every figure is distinct, with arguments that hold spaces.
 * (test_build.c runs real programs built against a grown header; this file proves the
 * arithmetic field by field.)
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SENTINEL 0xA5

/* The bytes [from, to) of p are all b. */
static int all_bytes(const void *p, size_t from, size_t to, unsigned char b)
{
    for (size_t i = from; i < to; i++)
        if (((const unsigned char *)p)[i] != b)
            return 0;
    return 1;
}

TEST(a_struct_is_filled_to_the_callers_size_and_no_further)
{
    use_roots("abi/proc", NULL, NULL);
    psutil_virtual_memory_t vm;
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.total, 16303428ull * 1024);
    CHECK_EQ_U64(vm.available, 12075912ull * 1024);
    /* A newer program: its struct is 24 bytes longer; the library's part is the same and
     * the rest reads 0. */
    unsigned char big[sizeof(psutil_virtual_memory_t) + 24];
    memset(big, SENTINEL, sizeof(big));
    CHECK_OK((psutil_virtual_memory)((psutil_virtual_memory_t *)(void *)big, sizeof(big)));
    CHECK(memcmp(big, &vm, sizeof(vm)) == 0);
    CHECK(all_bytes(big, sizeof(vm), sizeof(big), 0));
    /* An older program: its struct ends after `available`; nothing past it is written. */
    size_t small = offsetof(psutil_virtual_memory_t, available) + sizeof(vm.available);
    memset(big, SENTINEL, sizeof(big));
    CHECK_OK((psutil_virtual_memory)((psutil_virtual_memory_t *)(void *)big, small));
    CHECK(memcmp(big, &vm, small) == 0);
    CHECK(all_bytes(big, small, sizeof(big), SENTINEL));
    /* No size is no struct. */
    CHECK_RC((psutil_virtual_memory)(&vm, 0), PSUTIL_EINVAL);

    /* A process getter, the same way. */
    psutil_proc_t *p;
    CHECK_OK(psutil_proc_open(302, &p));
    psutil_proc_memory_ex_t mx;
    CHECK_OK(psutil_proc_memory_info_ex(p, &mx));
    unsigned char mbig[sizeof(mx) + 8];
    memset(mbig, SENTINEL, sizeof(mbig));
    CHECK_OK(
        (psutil_proc_memory_info_ex)(p, (psutil_proc_memory_ex_t *)(void *)mbig, sizeof(mbig)));
    CHECK(memcmp(mbig, &mx, sizeof(mx)) == 0);
    CHECK(all_bytes(mbig, sizeof(mx), sizeof(mbig), 0));
    psutil_ids_t u;
    memset(&u, SENTINEL, sizeof(u));
    CHECK_OK((psutil_proc_uids)(p, &u, sizeof(u.real)));
    CHECK_EQ_U64(u.real, 60002);
    CHECK(all_bytes(&u, sizeof(u.real), sizeof(u), SENTINEL));
    psutil_proc_close(p);

    /* The error record too: the code and errno of a short copy, the path left alone. */
    psutil_error_info_t e;
    psutil_proc_t *q;
    CHECK_RC(psutil_proc_open(999, &q), PSUTIL_ENOSUCHPROC);
    memset(&e, SENTINEL, sizeof(e));
    CHECK_OK((psutil_last_error)(&e, offsetof(psutil_error_info_t, path)));
    CHECK(e.code == PSUTIL_ENOSUCHPROC);
    CHECK(all_bytes(&e, offsetof(psutil_error_info_t, path), sizeof(e), SENTINEL));
}

/* Row a (the library's layout) and row b (read from a caller's record of `size` bytes)
 * agree on every field that lies inside size. */
static void check_same_row(const psutil_proc_row_t *a, const unsigned char *rec, size_t size)
{
    psutil_proc_row_t b;
    memset(&b, 0, sizeof(b));
    memcpy(&b, rec, size < sizeof(b) ? size : sizeof(b));
#define HAS(f) (offsetof(psutil_proc_row_t, f) + sizeof(a->f) <= size)
    CHECK(b.have == a->have && b.pid == a->pid && b.start == a->start && b.ppid == a->ppid);
    CHECK(b.pgrp == a->pgrp && b.session == a->session && b.tpgid == a->tpgid);
    CHECK(strcmp(b.name, a->name) == 0);
    CHECK(strcmp(b.username, a->username) == 0);
    CHECK(strcmp(b.euser, a->euser) == 0);
    CHECK(b.euid == a->euid && b.uids.real == a->uids.real &&
          b.uids.effective == a->uids.effective);
    CHECK(b.status == a->status && b.cpu.user == a->cpu.user && b.cpu.system == a->cpu.system);
    CHECK(b.create_time == a->create_time && b.rss == a->rss && b.vms == a->vms);
    if (!HAS(args_len))
        return;
    CHECK(b.shared == a->shared && b.num_threads == a->num_threads && b.nice == a->nice);
    CHECK(strcmp(b.terminal, a->terminal) == 0);
    CHECK(strcmp(b.cmdline, a->cmdline) == 0);
    CHECK(b.args_len == a->args_len && memcmp(b.args, a->args, a->args_len) == 0);
    CHECK(b.io.read_bytes == a->io.read_bytes && b.io.write_chars == a->io.write_chars);
    CHECK(b.ctx.voluntary == a->ctx.voluntary && b.num_fds == a->num_fds);
#undef HAS
}

TEST(a_list_is_laid_at_the_callers_stride_strings_included)
{
    use_roots("abi/proc", NULL, NULL);
    psutil_proc_row_t *rows;
    size_t n;
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &rows, &n));
    CHECK_EQ_U64(n, 3);
    /* The fixture's figures, so that a row read at the wrong place shows. */
    CHECK(rows[1].pid == 302 && rows[1].ppid == 202 && rows[1].pgrp == 402);
    CHECK(strcmp(rows[1].name, "abi2") == 0 && rows[1].uids.real == 60002);
    CHECK(strcmp(rows[1].cmdline, "/usr/bin/abi2 --flag=2 two words") == 0);
    CHECK_EQ_U64(rows[1].args_len, sizeof("/usr/bin/abi2\0--flag=2\0two words"));
    CHECK_EQ_U64(rows[2].io.read_bytes, 8043);

    /* Wider records (a newer program): every field at its place, the tail 0. */
    size_t wide = sizeof(psutil_proc_row_t) + 24;
    unsigned char *w;
    size_t wn;
    CHECK_OK((psutil_proc_table)(PSUTIL_PF_ALL, (psutil_proc_row_t **)(void *)&w, &wn, wide));
    CHECK_EQ_U64(wn, n);
    for (size_t i = 0; i < n; i++) {
        check_same_row(&rows[i], w + i * wide, wide);
        CHECK(all_bytes(w + i * wide, sizeof(psutil_proc_row_t), wide, 0));
    }
    psutil_free(w);

    /* Narrower records (an older program whose row ended before `terminal`): its fields,
     * its strings, at its stride. */
    size_t narrow = offsetof(psutil_proc_row_t, shared);
    CHECK_OK((psutil_proc_table)(PSUTIL_PF_ALL, (psutil_proc_row_t **)(void *)&w, &wn, narrow));
    CHECK_EQ_U64(wn, n);
    for (size_t i = 0; i < n; i++)
        check_same_row(&rows[i], w + i * narrow, narrow);
    psutil_free(w);

    /* The monitor on the same tree, at both strides: the same rows (its own memory,
     * valid until its next refresh; the wide and narrow ones from two monitors), and its
     * rates at a wider stride with the tail 0. */
    psutil_proc_monitor_t *mw, *mn_;
    const psutil_proc_row_t *mr;
    const psutil_proc_rate_t *mrt;
    size_t rwide = sizeof(psutil_proc_rate_t) + 16;
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_ALL, &mw));
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_ALL, &mn_));
    CHECK_OK((psutil_proc_monitor_refresh)(mw, &mr, &mrt, &wn, wide, rwide));
    CHECK_EQ_U64(wn, n);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *row = (const unsigned char *)mr + i * wide;
        check_same_row(&rows[i], row, wide);
        CHECK(all_bytes(row, sizeof(psutil_proc_row_t), wide, 0));
        CHECK(all_bytes((const unsigned char *)mrt + i * rwide, sizeof(psutil_proc_rate_t), rwide,
                        0));
    }
    CHECK_OK((psutil_proc_monitor_refresh)(mn_, &mr, NULL, &wn, narrow, 8));
    CHECK_EQ_U64(wn, n);
    for (size_t i = 0; i < n; i++)
        check_same_row(&rows[i], (const unsigned char *)mr + i * narrow, narrow);
    CHECK_RC((psutil_proc_monitor_refresh)(mw, &mr, &mrt, &wn, 12, rwide), PSUTIL_EINVAL);
    CHECK_RC((psutil_proc_monitor_refresh)(mw, &mr, &mrt, &wn, wide, 4), PSUTIL_EINVAL);
    psutil_proc_monitor_free(mw);
    psutil_proc_monitor_free(mn_);

    /* A stride that would misalign the records, and none. */
    CHECK_RC((psutil_proc_table)(PSUTIL_PF_ALL, (psutil_proc_row_t **)(void *)&w, &wn, 12),
             PSUTIL_EINVAL);
    CHECK_RC((psutil_proc_table)(PSUTIL_PF_ALL, (psutil_proc_row_t **)(void *)&w, &wn, 0),
             PSUTIL_EINVAL);

    /* A list of another type, strings NUL-ended: meminfo's names and values. */
    psutil_meminfo_field_t *mi;
    size_t mn;
    CHECK_OK(psutil_meminfo(&mi, &mn));
    CHECK_EQ_U64(mn, 7);
    size_t mstride = sizeof(psutil_meminfo_field_t) + 8;
    CHECK_OK((psutil_meminfo)((psutil_meminfo_field_t **)(void *)&w, &wn, mstride));
    CHECK_EQ_U64(wn, mn);
    for (size_t i = 0; i < mn; i++) {
        psutil_meminfo_field_t f;
        memcpy(&f, w + i * mstride, sizeof(f));
        CHECK(strcmp(f.name, mi[i].name) == 0 && f.value == mi[i].value);
        CHECK(all_bytes(w + i * mstride, sizeof(f), mstride, 0));
    }
    CHECK(strcmp(mi[4].name, "Cached") == 0 && mi[4].value == 3456789ull * 1024);
    psutil_free(w);
    psutil_free(mi);
    psutil_free(rows);
}

TEST(table_rates_read_rows_and_write_rates_at_the_callers_strides)
{
    use_roots("abi/proc", NULL, NULL);
    psutil_proc_row_t *prev, *cur;
    size_t pn, cn;
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &prev, &pn));
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &cur, &cn));
    CHECK_EQ_U64(cn, 3);
    /* Distinct movements per row, so a row or rate read at the wrong place shows. */
    for (size_t i = 0; i < cn; i++) {
        cur[i].cpu.user += 0.5 * (double)(i + 1);
        cur[i].io.read_bytes += 1000 * (i + 1);
        cur[i].io.write_bytes += 3000 * (i + 1);
    }
    psutil_proc_rate_t want[3];
    CHECK_OK(psutil_proc_table_rates(prev, pn, cur, cn, 2.0, 1u << 30, want));
    CHECK_NEAR(want[1].cpu_percent, 50.0, 1e-9); /* 1 s of CPU in 2 s */
    CHECK_NEAR(want[2].read_bps, 1500.0, 1e-9);
    CHECK_NEAR(want[0].write_bps, 1500.0, 1e-9);

    /* The same rows at a newer program's stride, the rates into its larger records. */
    size_t rs = sizeof(psutil_proc_row_t) + 16, ts = sizeof(psutil_proc_rate_t) + 8;
    unsigned char *wp = calloc(pn, rs), *wc = calloc(cn, rs), *rates = malloc(cn * ts);
    CHECK(wp && wc && rates);
    for (size_t i = 0; i < cn; i++) {
        memcpy(wp + i * rs, &prev[i], sizeof(prev[i]));
        memcpy(wc + i * rs, &cur[i], sizeof(cur[i]));
    }
    memset(rates, SENTINEL, cn * ts);
    CHECK_OK((psutil_proc_table_rates)((psutil_proc_row_t *)(void *)wp, pn,
                                       (psutil_proc_row_t *)(void *)wc, cn, 2.0, 1u << 30,
                                       (psutil_proc_rate_t *)(void *)rates, rs, ts));
    for (size_t i = 0; i < cn; i++) {
        CHECK(memcmp(rates + i * ts, &want[i], sizeof(want[i])) == 0);
        CHECK(all_bytes(rates + i * ts, sizeof(want[i]), ts, 0));
    }
    /* Rows shorter than the fields the rates read are refused. */
    CHECK_RC((psutil_proc_table_rates)((psutil_proc_row_t *)(void *)wp, pn,
                                       (psutil_proc_row_t *)(void *)wc, cn, 2.0, 1u << 30,
                                       (psutil_proc_rate_t *)(void *)rates, 16, ts),
             PSUTIL_EINVAL);
    free(wp);
    free(wc);
    free(rates);
    psutil_free(prev);
    psutil_free(cur);
}
