/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sized.c - results at the caller's size (psutil.h, "ABI"): a struct is copied up to the
 * smaller of the two sizes, a list is laid at the caller's stride, so a program built
 * against an older or a newer header reads what it knows and nothing past its end.
 */
#include <stdint.h>
#include <string.h>

#include "../internal.h"

int psutil__check_size(size_t size, size_t align, const char *what)
{
    if (size == 0 || size % align != 0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "%s: size %zu is not a record size", what,
                             size);
    return 0;
}

void psutil__copy_out(void *out, size_t size, const void *v, size_t own)
{
    memcpy(out, v, size < own ? size : own);
    if (size > own)
        memset((char *)out + own, 0, size - own);
}

#define ALIGN16(n) (((n) + 15) & ~(size_t)15)

/* Where a list's strings end: past the last byte of the furthest string any record
 * points to (the packer puts them after the records, from ALIGN16(n * size)). */
static size_t strings_end(const char *block, size_t n, const psutil__layout *l)
{
    size_t end = ALIGN16(n * l->size);
    for (size_t i = 0; i < n; i++) {
        const char *rec = block + i * l->size;
        for (size_t f = 0; f < l->nstrs; f++) {
            const char *s;
            size_t len;
            memcpy(&s, rec + l->strs[f], sizeof(s));
            if (!s)
                continue;
            if (l->lens && l->lens[f] != PSUTIL__NUL_ENDED)
                memcpy(&len, rec + l->lens[f], sizeof(len));
            else
                len = strlen(s);
            size_t e = (size_t)(s - block) + len + 1;
            end = e > end ? e : end;
        }
    }
    return end;
}

int psutil__restride(void **block, size_t n, const psutil__layout *l, size_t stride)
{
    if (stride == l->size)
        return 0;
    const char *old = *block;
    size_t keep = stride < l->size ? stride : l->size;
    size_t old_strs = ALIGN16(n * l->size), new_strs = 0, slen = 0;
    if (n && stride > (SIZE_MAX - 16) / n) {
        psutil__dealloc(*block);
        *block = NULL;
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "result block: %zu records of %zu bytes", n,
                             stride);
    }
    new_strs = ALIGN16(n * stride);
    if (old && l->nstrs)
        slen = strings_end(old, n, l) - old_strs;
    char *nb = psutil__calloc(1, new_strs + slen + 1);
    if (!nb) {
        psutil__dealloc(*block);
        *block = NULL;
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "result block");
    }
    if (slen)
        memcpy(nb + new_strs, old + old_strs, slen);
    for (size_t i = 0; i < n; i++) {
        char *rec = nb + i * stride;
        memcpy(rec, old + i * l->size, keep);
        for (size_t f = 0; f < l->nstrs; f++) {
            const char *s;
            if (l->strs[f] + sizeof(s) > keep)
                continue; /* a field the caller's record does not have */
            memcpy(&s, rec + l->strs[f], sizeof(s));
            if (s)
                s = nb + new_strs + (size_t)(s - (old + old_strs));
            memcpy(rec + l->strs[f], &s, sizeof(s));
        }
    }
    psutil__dealloc(*block);
    *block = nb;
    return 0;
}
