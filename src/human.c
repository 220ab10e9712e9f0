/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * human.c - the portable helpers that are not about the kernel: psutil's bytes2human
 * rule for human units, and the argument checks of the heap functions whose readings
 * are the backend's (os.h).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "os.h"

int psutil_bytes2human(uint64_t n, char *buf, size_t size)
{
    static const char symbols[] = "KMGTPE";
    char text[32];
    if (!buf)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL buffer");
    /* psutil: the largest symbol whose unit n reaches, n divided by it with one decimal;
     * below 1 K the bytes themselves, also with one decimal ("1023.0B"). */
    snprintf(text, sizeof(text), "%.1fB", (double)n);
    for (int i = 5; i >= 0; i--) {
        uint64_t unit = UINT64_C(1) << (10 * (i + 1));
        if (n >= unit) {
            snprintf(text, sizeof(text), "%.1f%c", (double)n / (double)unit, symbols[i]);
            break;
        }
    }
    size_t len = strlen(text);
    if (len + 1 > size)
        return psutil__error(PSUTIL_ENOBUFS, 0, NULL, "needs %zu bytes", len + 1);
    memcpy(buf, text, len + 1);
    return 0;
}

int(psutil_heap_info)(psutil_heap_info_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_heap_info_t, out, size, psutil__os_heap_info(&tmp_));
}

int psutil_heap_trim(int *released)
{
    int r = 0;
    int rc = psutil__os_heap_trim(&r);
    if (rc == 0 && released)
        *released = r;
    return rc;
}
