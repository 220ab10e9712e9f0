/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memory.c - virtual and swap memory on Linux. Sources: /proc/meminfo (proc.rst,
 * "meminfo"; values in kB = 1024 bytes), /proc/zoneinfo low watermarks for the
 * MemAvailable estimate on kernels before 3.14 (and LXC, which shows 0), and
 * /proc/vmstat pswpin/pswpout (pages) for swap traffic. Figures match procps-ng 4
 * `free`: used = total - available, cache = Cached + SReclaimable.
 */
#include <string.h>

#include "../os.h"
#include "linux.h"

static const char *const mi_names[PSUTIL__MI_COUNT] = {
    [PSUTIL__MI_MEMTOTAL] = "MemTotal",
    [PSUTIL__MI_MEMFREE] = "MemFree",
    [PSUTIL__MI_MEMAVAILABLE] = "MemAvailable",
    [PSUTIL__MI_BUFFERS] = "Buffers",
    [PSUTIL__MI_CACHED] = "Cached",
    [PSUTIL__MI_ACTIVE] = "Active",
    [PSUTIL__MI_INACTIVE] = "Inactive",
    [PSUTIL__MI_ACTIVE_FILE] = "Active(file)",
    [PSUTIL__MI_INACTIVE_FILE] = "Inactive(file)",
    [PSUTIL__MI_SHMEM] = "Shmem",
    [PSUTIL__MI_MEMSHARED] = "MemShared",
    [PSUTIL__MI_SLAB] = "Slab",
    [PSUTIL__MI_SRECLAIMABLE] = "SReclaimable",
    [PSUTIL__MI_SWAPTOTAL] = "SwapTotal",
    [PSUTIL__MI_SWAPFREE] = "SwapFree",
};

static int mi_key(const char *name, size_t n)
{
    for (int k = 0; k < PSUTIL__MI_COUNT; k++)
        if (strlen(mi_names[k]) == n && memcmp(mi_names[k], name, n) == 0)
            return k;
    return -1;
}

#define MI_BIT(k) (UINT32_C(1) << (k))

int psutil__parse_meminfo(const char *buf, size_t len, psutil__meminfo *out)
{
    psutil__meminfo mi;
    psutil__lines it;
    const char *line;
    size_t n, lineno = 0;
    memset(&mi, 0, sizeof(mi));
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *end = line + n, *colon = memchr(line, ':', n);
        lineno++;
        if (!colon)
            continue;
        int k = mi_key(line, (size_t)(colon - line));
        if (k < 0)
            continue;
        const char *p = colon + 1;
        uint64_t kb;
        int ok = psutil__parse_u64_sat(&p, end, &kb) == 0;
        if (ok) {
            p = psutil__skip_blanks(p, end);
            ok = (size_t)(end - p) >= 2 && memcmp(p, "kB", 2) == 0 &&
                 psutil__only_blanks(p + 2, end);
        }
        if (!ok) {
            /* Garbage in one line costs only the calls that use that key. */
            mi.bad |= MI_BIT(k);
            mi.have &= ~MI_BIT(k);
            mi.bytes[k] = 0;
            if (!mi.bad_line)
                mi.bad_line = lineno;
            continue;
        }
        mi.bytes[k] = psutil__sat_mul_u64(kb, 1024); /* too wide: saturates, never wraps */
        mi.have |= MI_BIT(k);
        mi.bad &= ~MI_BIT(k);
    }
    if (mi.bad & MI_BIT(PSUTIL__MI_MEMTOTAL))
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: MemTotal is not a number in kB",
                             mi.bad_line);
    if (!(mi.have & MI_BIT(PSUTIL__MI_MEMTOTAL)))
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "MemTotal missing");
    *out = mi;
    return 0;
}

int psutil__meminfo_check(const psutil__meminfo *mi, uint32_t mask)
{
    uint32_t bad = mi->bad & mask;
    if (!bad)
        return 0;
    int k = 0;
    while (!(bad & MI_BIT(k)))
        k++;
    return psutil__error(PSUTIL_EPARSE, 0, NULL, "%s is not a number in kB", mi_names[k]);
}

int psutil__parse_zoneinfo_low(const char *buf, size_t len, uint64_t *pages)
{
    psutil__lines it;
    const char *line;
    size_t n, lineno = 0;
    uint64_t sum = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *end = line + n, *p = psutil__skip_blanks(line, end);
        uint64_t v;
        lineno++;
        /* "        low      1234" inside each zone's "pages free" block. */
        if (end - p < 4 || memcmp(p, "low", 3) != 0 || (p[3] != ' ' && p[3] != '\t'))
            continue;
        p += 3;
        if (psutil__parse_u64_sat(&p, end, &v) != 0 || !psutil__only_blanks(p, end))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad low watermark", lineno);
        sum = psutil__sat_add_u64(sum, v);
    }
    *pages = sum;
    return 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

uint64_t psutil__estimate_available(const psutil__meminfo *mi, uint64_t low)
{
    const uint32_t need = MI_BIT(PSUTIL__MI_ACTIVE_FILE) | MI_BIT(PSUTIL__MI_INACTIVE_FILE) |
                          MI_BIT(PSUTIL__MI_SRECLAIMABLE);
    const uint64_t *b = mi->bytes;
    if ((mi->have & need) != need)
        return psutil__sat_add_u64(b[PSUTIL__MI_MEMFREE], b[PSUTIL__MI_CACHED]);
    /* The kernel's sum: free memory below the watermarks makes the first term negative
     * and the total is clamped at 0. Kept unsigned and saturating: the reclaimable
     * terms are added first, the watermarks taken away last, so nothing wraps whatever
     * the file says. */
    uint64_t pagecache =
        psutil__sat_add_u64(b[PSUTIL__MI_ACTIVE_FILE], b[PSUTIL__MI_INACTIVE_FILE]);
    pagecache -= min_u64(pagecache / 2, low);
    uint64_t slab = b[PSUTIL__MI_SRECLAIMABLE];
    slab -= min_u64(slab / 2, low);
    uint64_t plus =
        psutil__sat_add_u64(psutil__sat_add_u64(b[PSUTIL__MI_MEMFREE], pagecache), slab);
    return psutil__sat_sub_u64(plus, low);
}

void psutil__virtual_memory_from(const psutil__meminfo *mi, uint64_t available,
                                 psutil_virtual_memory_t *out)
{
    const uint64_t *b = mi->bytes;
    uint64_t total = b[PSUTIL__MI_MEMTOTAL];
    /* An estimate above the total is nonsense (seen in containers); psutil and free
     * fall back to MemFree, and a MemFree above the total too is clamped to it. */
    if (available > total)
        available = b[PSUTIL__MI_MEMFREE];
    available = min_u64(available, total);
    out->total = total;
    out->available = available;
    out->used = total - available;
    out->percent = total ? (double)(total - available) / (double)total * 100.0 : 0.0;
    out->free = min_u64(b[PSUTIL__MI_MEMFREE], total);
    out->active = min_u64(b[PSUTIL__MI_ACTIVE], total);
    out->inactive = min_u64(b[PSUTIL__MI_INACTIVE], total);
    out->buffers = min_u64(b[PSUTIL__MI_BUFFERS], total);
    out->cached =
        min_u64(psutil__sat_add_u64(b[PSUTIL__MI_CACHED], b[PSUTIL__MI_SRECLAIMABLE]), total);
    out->shared = min_u64((mi->have & MI_BIT(PSUTIL__MI_SHMEM)) ? b[PSUTIL__MI_SHMEM]
                                                                : b[PSUTIL__MI_MEMSHARED],
                          total);
    out->slab = min_u64(b[PSUTIL__MI_SLAB], total);
}

void psutil__swap_from(const psutil__meminfo *mi, psutil_swap_memory_t *out)
{
    uint64_t total = mi->bytes[PSUTIL__MI_SWAPTOTAL];
    /* The kernel never shows more free swap than swap: lxcfs has shown SwapFree near
     * 2^64 kB after an unsigned subtraction went below zero. */
    uint64_t free = min_u64(mi->bytes[PSUTIL__MI_SWAPFREE], total);
    out->total = total;
    out->free = free;
    out->used = total - free;
    out->percent = total ? (double)out->used / (double)total * 100.0 : 0.0;
}

static int read_meminfo(psutil__meminfo *mi)
{
    psutil__buf b = {0};
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "meminfo", &b);
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "meminfo",
                                        psutil__parse_meminfo(b.data, b.len, mi));
    psutil__buf_release(&b);
    return rc;
}

int psutil__os_virtual_memory(psutil_virtual_memory_t *out)
{
    psutil__meminfo mi;
    int rc = read_meminfo(&mi);
    if (rc != 0)
        return rc;
    /* Every key this call uses must be well-formed; a malformed Swap line does not
     * matter here. */
    rc = psutil__linux_parse_failed(
        PSUTIL__ROOT_PROC, "meminfo",
        psutil__meminfo_check(&mi, ~(MI_BIT(PSUTIL__MI_SWAPTOTAL) | MI_BIT(PSUTIL__MI_SWAPFREE))));
    if (rc != 0)
        return rc;
    if (!(mi.have & MI_BIT(PSUTIL__MI_MEMFREE)))
        return psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "meminfo",
                                          psutil__error(PSUTIL_EPARSE, 0, NULL, "MemFree missing"));
    uint64_t avail = mi.bytes[PSUTIL__MI_MEMAVAILABLE];
    /* MemAvailable is missing before Linux 3.14 and reads 0 in some LXC containers
     * (psutil issue 1915): estimate it the way the kernel would. */
    if (!(mi.have & MI_BIT(PSUTIL__MI_MEMAVAILABLE)) || avail == 0) {
        psutil__buf b = {0};
        uint64_t low_pages = 0;
        rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "zoneinfo", &b);
        if (rc == 0) {
            rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "zoneinfo",
                                            psutil__parse_zoneinfo_low(b.data, b.len, &low_pages));
            if (rc == 0)
                avail = psutil__estimate_available(
                    &mi, psutil__sat_mul_u64(low_pages, (uint64_t)psutil__page_size()));
        } else if (rc == PSUTIL_EOS) {
            /* No zoneinfo (2.6.12 and older, or a restricted mount): the crude figure. */
            avail = psutil__sat_add_u64(mi.bytes[PSUTIL__MI_MEMFREE], mi.bytes[PSUTIL__MI_CACHED]);
            rc = 0;
        }
        psutil__buf_release(&b);
        if (rc != 0)
            return rc;
    }
    psutil__virtual_memory_from(&mi, avail, out);
    return 0;
}

int psutil__parse_vmstat_swap(const char *buf, size_t len, uint64_t *pswpin, uint64_t *pswpout)
{
    psutil__lines it;
    const char *line;
    size_t n, lineno = 0;
    uint64_t in = 0, out = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        uint64_t *slot = NULL;
        size_t key = 0;
        lineno++;
        if (n > 7 && memcmp(line, "pswpin ", 7) == 0) {
            slot = &in;
            key = 6;
        } else if (n > 8 && memcmp(line, "pswpout ", 8) == 0) {
            slot = &out;
            key = 7;
        }
        if (slot) {
            const char *p = line + key, *end = line + n;
            if (psutil__parse_u64_sat(&p, end, slot) != 0 || !psutil__only_blanks(p, end))
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad swap counter", lineno);
        }
    }
    *pswpin = in;
    *pswpout = out;
    return 0;
}

int psutil__os_swap_memory(psutil_swap_memory_t *out)
{
    psutil__meminfo mi;
    psutil__buf b = {0};
    uint64_t pin = 0, pout = 0, page = (uint64_t)psutil__page_size();
    int rc = read_meminfo(&mi);
    if (rc == 0)
        rc = psutil__linux_parse_failed(
            PSUTIL__ROOT_PROC, "meminfo",
            psutil__meminfo_check(&mi, MI_BIT(PSUTIL__MI_SWAPTOTAL) | MI_BIT(PSUTIL__MI_SWAPFREE)));
    if (rc != 0)
        return rc;
    /* Without /proc/vmstat (a restricted mount) the traffic is unknown: 0, as psutil. */
    rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "vmstat", &b);
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "vmstat",
                                        psutil__parse_vmstat_swap(b.data, b.len, &pin, &pout));
    else if (rc != PSUTIL_ENOMEM)
        rc = 0;
    psutil__buf_release(&b);
    if (rc != 0)
        return rc;
    psutil__swap_from(&mi, out);
    out->sin = psutil__sat_mul_u64(pin, page);
    out->sout = psutil__sat_mul_u64(pout, page);
    return 0;
}

int psutil__parse_meminfo_all(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *end = line + n, *colon = memchr(line, ':', n), *p;
        uint64_t v;
        if (!colon || !psutil__is_name(line, (size_t)(colon - line)))
            continue;
        p = colon + 1;
        if (psutil__parse_u64_sat(&p, end, &v) != 0)
            continue; /* not a number: left out */
        p = psutil__skip_blanks(p, end);
        psutil_meminfo_field_t f = {.value = v};
        if ((size_t)(end - p) >= 2 && memcmp(p, "kB", 2) == 0) {
            f.value = psutil__sat_mul_u64(v, 1024);
            f.bytes = 1;
            p += 2;
        }
        if (!psutil__only_blanks(p, end))
            continue; /* another unit or trailing text: left out */
        int rc = psutil__pack_str(pk, line, (size_t)(colon - line), &f.name);
        if (rc == 0)
            rc = psutil__pack_add(pk, &f);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int psutil__parse_vmstat_all(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *end = line + n, *space = memchr(line, ' ', n), *p;
        psutil_vmstat_field_t f;
        if (!space || !psutil__is_name(line, (size_t)(space - line)))
            continue;
        p = space + 1;
        if (psutil__parse_u64_sat(&p, end, &f.value) != 0 || !psutil__only_blanks(p, end))
            continue; /* not a number, or trailing text: left out */
        int rc = psutil__pack_str(pk, line, (size_t)(space - line), &f.name);
        if (rc == 0)
            rc = psutil__pack_add(pk, &f);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int psutil__os_vmstat(psutil_vmstat_field_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_vmstat_field);
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "vmstat", &b);
    if (rc == 0)
        rc = psutil__parse_vmstat_all(b.data, b.len, &pk);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__buf_release(&b);
    return rc;
}

int psutil__os_meminfo(psutil_meminfo_field_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_meminfo_field);
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "meminfo", &b);
    if (rc == 0)
        rc = psutil__parse_meminfo_all(b.data, b.len, &pk);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__buf_release(&b);
    return rc;
}
