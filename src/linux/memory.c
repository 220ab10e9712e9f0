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
        uint64_t kb, bytes;
        if (psutil__parse_u64(&p, end, &kb) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: %s has no number", lineno,
                                 mi_names[k]);
        p = psutil__skip_blanks(p, end);
        if ((size_t)(end - p) < 2 || memcmp(p, "kB", 2) != 0 || !psutil__only_blanks(p + 2, end))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: %s is not in kB", lineno,
                                 mi_names[k]);
        if (psutil__mul_u64(kb, 1024, &bytes) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: %s overflows", lineno,
                                 mi_names[k]);
        mi.bytes[k] = bytes;
        mi.have |= MI_BIT(k);
    }
    if (!(mi.have & MI_BIT(PSUTIL__MI_MEMTOTAL)) || !(mi.have & MI_BIT(PSUTIL__MI_MEMFREE)))
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "MemTotal or MemFree missing");
    *out = mi;
    return 0;
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
        if (psutil__parse_u64(&p, end, &v) != 0 || !psutil__only_blanks(p, end) ||
            sum > UINT64_MAX - v)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad low watermark", lineno);
        sum += v;
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
        return b[PSUTIL__MI_MEMFREE] + b[PSUTIL__MI_CACHED];
    /* Signed arithmetic: free memory below the watermarks makes the first term
     * negative, and the kernel clamps the final sum at 0. Values are kB multiples far
     * below 2^62, so int64 cannot overflow here. */
    int64_t avail = (int64_t)b[PSUTIL__MI_MEMFREE] - (int64_t)low;
    uint64_t pagecache = b[PSUTIL__MI_ACTIVE_FILE] + b[PSUTIL__MI_INACTIVE_FILE];
    pagecache -= min_u64(pagecache / 2, low);
    avail += (int64_t)pagecache;
    uint64_t slab = b[PSUTIL__MI_SRECLAIMABLE];
    avail += (int64_t)(slab - min_u64(slab / 2, low));
    return avail > 0 ? (uint64_t)avail : 0;
}

void psutil__virtual_memory_from(const psutil__meminfo *mi, uint64_t available,
                                 psutil_virtual_memory_t *out)
{
    const uint64_t *b = mi->bytes;
    uint64_t total = b[PSUTIL__MI_MEMTOTAL];
    /* An estimate above the total is nonsense (seen in containers); psutil and free
     * fall back to MemFree. */
    if (available > total)
        available = b[PSUTIL__MI_MEMFREE];
    out->total = total;
    out->available = available;
    out->used = total - available;
    out->percent = total ? (double)(total - available) / (double)total * 100.0 : 0.0;
    out->free = b[PSUTIL__MI_MEMFREE];
    out->active = b[PSUTIL__MI_ACTIVE];
    out->inactive = b[PSUTIL__MI_INACTIVE];
    out->buffers = b[PSUTIL__MI_BUFFERS];
    out->cached = b[PSUTIL__MI_CACHED] + b[PSUTIL__MI_SRECLAIMABLE];
    out->shared =
        (mi->have & MI_BIT(PSUTIL__MI_SHMEM)) ? b[PSUTIL__MI_SHMEM] : b[PSUTIL__MI_MEMSHARED];
    out->slab = b[PSUTIL__MI_SLAB];
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
                avail = psutil__estimate_available(&mi, low_pages * (uint64_t)psutil__page_size());
        } else if (rc == PSUTIL_EOS) {
            /* No zoneinfo (2.6.12 and older, or a restricted mount): the crude figure. */
            avail = mi.bytes[PSUTIL__MI_MEMFREE] + mi.bytes[PSUTIL__MI_CACHED];
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
        if (slot && psutil__parse_u64_field(line + key, n - key, slot) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad swap counter", lineno);
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
    if (rc != 0)
        return rc;
    const uint32_t need = MI_BIT(PSUTIL__MI_SWAPTOTAL) | MI_BIT(PSUTIL__MI_SWAPFREE);
    if ((mi.have & need) != need)
        return psutil__linux_parse_failed(
            PSUTIL__ROOT_PROC, "meminfo",
            psutil__error(PSUTIL_EPARSE, 0, NULL, "SwapTotal or SwapFree missing"));
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
    uint64_t total = mi.bytes[PSUTIL__MI_SWAPTOTAL], free = mi.bytes[PSUTIL__MI_SWAPFREE];
    /* A SwapFree above SwapTotal would be a kernel bug; report 0 used rather than wrap. */
    uint64_t used = free < total ? total - free : 0;
    if (psutil__mul_u64(pin, page, &pin) != 0 || psutil__mul_u64(pout, page, &pout) != 0)
        return psutil__linux_parse_failed(
            PSUTIL__ROOT_PROC, "vmstat",
            psutil__error(PSUTIL_EPARSE, 0, NULL, "swap counter overflows"));
    out->total = total;
    out->free = free;
    out->used = used;
    out->percent = total ? (double)used / (double)total * 100.0 : 0.0;
    out->sin = pin;
    out->sout = pout;
    return 0;
}
