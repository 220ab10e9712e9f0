/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pack.c - builds list results as one block: the records first, their strings after,
 * so one psutil_free() releases a whole list and no result points into library memory.
 */
#include <string.h>

#include "../internal.h"

void psutil__pack_init(psutil__pack *pk, size_t recsize, const size_t *str_fields, size_t nfields)
{
    memset(pk, 0, sizeof(*pk));
    pk->recsize = recsize;
    pk->str_fields = str_fields;
    pk->nfields = nfields;
}

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    char *n = psutil__realloc(*buf, c);
    if (!n)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "result block");
    *buf = n;
    *cap = c;
    return 0;
}

int psutil__pack_str(psutil__pack *pk, const char *s, size_t n, const char **off)
{
    int rc = grow(&pk->strs, &pk->scap, pk->slen + n + 1);
    if (rc != 0)
        return rc;
    memcpy(pk->strs + pk->slen, s, n);
    pk->strs[pk->slen + n] = '\0';
    *off = (const char *)(uintptr_t)pk->slen;
    pk->slen += n + 1;
    return 0;
}

int psutil__pack_reserve(psutil__pack *pk, size_t n, size_t bytes)
{
    int rc = grow(&pk->recs, &pk->cap, (pk->n + n) * pk->recsize);
    return rc ? rc : grow(&pk->strs, &pk->scap, pk->slen + bytes);
}

int psutil__pack_add(psutil__pack *pk, const void *rec)
{
    int rc = grow(&pk->recs, &pk->cap, (pk->n + 1) * pk->recsize);
    if (rc != 0)
        return rc;
    memcpy(pk->recs + pk->n * pk->recsize, rec, pk->recsize);
    pk->n++;
    return 0;
}

int psutil__pack_append(psutil__pack *dst, psutil__pack *src)
{
    int rc = psutil__pack_reserve(dst, src->n, src->slen);
    if (rc != 0)
        return rc;
    memcpy(dst->strs + dst->slen, src->strs, src->slen);
    for (size_t i = 0; i < src->n; i++) {
        char *rec = dst->recs + (dst->n + i) * dst->recsize;
        memcpy(rec, src->recs + i * src->recsize, src->recsize);
        for (size_t f = 0; f < dst->nfields; f++) {
            const char *off;
            memcpy(&off, rec + dst->str_fields[f], sizeof(off));
            off = (const char *)((uintptr_t)off + dst->slen);
            memcpy(rec + dst->str_fields[f], &off, sizeof(off));
        }
    }
    dst->n += src->n;
    dst->slen += src->slen;
    src->n = src->slen = 0;
    return 0;
}

int psutil__pack_copy(const psutil__pack *pk, void **out)
{
    size_t rbytes = pk->n * pk->recsize;
    /* Strings start at an aligned offset after the records. */
    rbytes = (rbytes + 15) & ~(size_t)15;
    char *block = psutil__malloc(rbytes + pk->slen + 1);
    if (!block)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "result block");
    if (pk->n)
        memcpy(block, pk->recs, pk->n * pk->recsize);
    if (pk->slen)
        memcpy(block + rbytes, pk->strs, pk->slen);
    for (size_t i = 0; i < pk->n; i++) {
        char *rec = block + i * pk->recsize;
        for (size_t f = 0; f < pk->nfields; f++) {
            const char *off;
            memcpy(&off, rec + pk->str_fields[f], sizeof(off));
            const char *ptr = block + rbytes + (uintptr_t)off;
            memcpy(rec + pk->str_fields[f], &ptr, sizeof(ptr));
        }
    }
    *out = block;
    return 0;
}

int psutil__pack_finish(psutil__pack *pk, void **out, size_t *out_n)
{
    int rc = psutil__pack_copy(pk, out);
    if (rc == 0)
        *out_n = pk->n;
    psutil__pack_release(pk);
    return rc;
}

void psutil__pack_reset(psutil__pack *pk)
{
    pk->n = pk->slen = 0;
}

void *psutil__pack_view(psutil__pack *pk)
{
    for (size_t i = 0; i < pk->n; i++) {
        char *rec = pk->recs + i * pk->recsize;
        for (size_t f = 0; f < pk->nfields; f++) {
            const char *off;
            memcpy(&off, rec + pk->str_fields[f], sizeof(off));
            const char *ptr = pk->strs + (uintptr_t)off;
            memcpy(rec + pk->str_fields[f], &ptr, sizeof(ptr));
        }
    }
    return pk->recs;
}

void psutil__pack_release(psutil__pack *pk)
{
    psutil__dealloc(pk->recs);
    psutil__dealloc(pk->strs);
    pk->recs = pk->strs = NULL;
    pk->n = pk->cap = pk->slen = pk->scap = 0;
}
