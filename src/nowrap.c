/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nowrap.c - the caller-owned tracker that turns counters which wrap or reset into
 * ever-growing ones (psutil's _WrapNumbers): per device and field, when a raw value
 * goes down, the value it had is added to that field from then on. Records (disk and
 * NIC counters) are described by a psutil__counter_layout, which also serves their sum.
 */
#include <string.h>

#include "internal.h"
#include "util/util.h"

#define NOWRAP_MAGIC UINT64_C(0x70737574696c4e57) /* "psutilNW" */
#define NOWRAP_FIELDS 16

struct device {
    char *name;
    size_t n;
    int seen;
    uint64_t prev[NOWRAP_FIELDS];
    uint64_t add[NOWRAP_FIELDS];
};

struct nowrap_state {
    int kind; /* 0 until the first use */
    struct device *v;
    size_t n, cap;
    psutil__index index; /* name -> position in v, so each record costs O(1) */
    const char *want;    /* the name being looked up */
};

static int same_device(void *ctx, size_t pos)
{
    const struct nowrap_state *st = ctx;
    return strcmp(st->v[pos].name, st->want) == 0;
}

static struct nowrap_state *state_of(const psutil_nowrap_t *nw)
{
    if (!nw || !nw->private_state ||
        nw->private_check != psutil__stamp(nw, nw->private_state, NOWRAP_MAGIC))
        return NULL;
    return nw->private_state;
}

int psutil_nowrap_init(psutil_nowrap_t *nw)
{
    if (!nw)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL tracker");
    struct nowrap_state *st = psutil__calloc(1, sizeof(*st));
    if (!st)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "nowrap state");
    nw->private_state = st;
    nw->private_check = psutil__stamp(nw, st, NOWRAP_MAGIC);
    return 0;
}

void psutil_nowrap_destroy(psutil_nowrap_t *nw)
{
    struct nowrap_state *st = state_of(nw);
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++)
        psutil__dealloc(st->v[i].name);
    psutil__dealloc(st->v);
    psutil__index_release(&st->index);
    psutil__dealloc(st);
    nw->private_state = NULL;
    nw->private_check = 0;
}

int psutil__nowrap_begin(psutil_nowrap_t *nw, int kind)
{
    struct nowrap_state *st = state_of(nw);
    if (!st)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "nowrap tracker not initialised (or copied)");
    if (st->kind != 0 && st->kind != kind)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "nowrap tracker serves another function");
    st->kind = kind;
    for (size_t i = 0; i < st->n; i++)
        st->v[i].seen = 0;
    return 0;
}

/* Applies the tracker to one device's n counters in place. */
static int apply(psutil_nowrap_t *nw, const char *name, uint64_t *vals, size_t n)
{
    struct nowrap_state *st = state_of(nw);
    struct device *d = NULL;
    if (!st)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "nowrap tracker misuse");
    size_t len = strlen(name), pos;
    int rc = psutil__grow(&st->v, &st->cap, st->n, sizeof(*st->v), 16, "nowrap device");
    if (rc != 0)
        return rc;
    char *copy = psutil__malloc(len + 1);
    if (!copy)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "nowrap device name");
    memcpy(copy, name, len + 1);
    st->want = name;
    int found = psutil__index_find_or_add(&st->index, psutil__hash_bytes(name, len), same_device,
                                          st, st->n, &pos);
    if (found != 0)
        psutil__dealloc(copy);
    if (found < 0)
        return found;
    if (found)
        d = &st->v[pos];
    if (!d) {
        /* A device seen for the first time: its values are taken as they are. */
        d = &st->v[st->n++];
        memset(d, 0, sizeof(*d));
        d->name = copy;
        d->n = n;
        memcpy(d->prev, vals, n * sizeof(*vals));
        d->seen = 1;
        return 0;
    }
    for (size_t i = 0; i < n && i < d->n; i++) {
        if (vals[i] < d->prev[i]) /* it wrapped (or reset): keep what it had */
            d->add[i] = psutil__sat_add_u64(d->add[i], d->prev[i]);
        d->prev[i] = vals[i];
        vals[i] = psutil__sat_add_u64(vals[i], d->add[i]);
    }
    d->seen = 1;
    return 0;
}

static void sweep(psutil_nowrap_t *nw)
{
    struct nowrap_state *st = state_of(nw);
    if (!st)
        return;
    int removed = 0;
    /* A device that went away starts afresh if it comes back, as in psutil. */
    for (size_t i = 0; i < st->n;) {
        if (st->v[i].seen) {
            i++;
            continue;
        }
        psutil__dealloc(st->v[i].name);
        st->v[i] = st->v[--st->n];
        removed = 1;
    }
    if (!removed)
        return;
    /* Positions moved: index them again (linear, and only when a device went away). On
     * failure the index is left empty, which only makes the next call re-add names. */
    psutil__index_release(&st->index);
    for (size_t i = 0; i < st->n; i++) {
        size_t pos;
        st->want = st->v[i].name;
        if (psutil__index_find_or_add(&st->index,
                                      psutil__hash_bytes(st->v[i].name, strlen(st->v[i].name)),
                                      same_device, st, i, &pos) < 0)
            break;
    }
}

int psutil__nowrap_records(psutil_nowrap_t *nw, const psutil__counter_layout *l, void *recs,
                           size_t n)
{
    if (l->nfields > NOWRAP_FIELDS)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "nowrap tracker misuse");
    for (size_t i = 0; i < n; i++) {
        char *rec = (char *)recs + i * l->size;
        const char *name;
        uint64_t vals[NOWRAP_FIELDS];
        memcpy(&name, rec + l->name_off, sizeof(name));
        for (size_t k = 0; k < l->nfields; k++)
            memcpy(&vals[k], rec + l->fields[k], sizeof(vals[k]));
        int rc = apply(nw, name, vals, l->nfields);
        if (rc != 0)
            return rc;
        for (size_t k = 0; k < l->nfields; k++)
            memcpy(rec + l->fields[k], &vals[k], sizeof(vals[k]));
    }
    sweep(nw);
    return 0;
}

void psutil__counters_sum(const psutil__counter_layout *l, const void *recs, size_t n, void *sum)
{
    for (size_t k = 0; k < l->nfields; k++) {
        uint64_t total = 0, v;
        for (size_t i = 0; i < n; i++) {
            memcpy(&v, (const char *)recs + i * l->size + l->fields[k], sizeof(v));
            total = psutil__sat_add_u64(total, v);
        }
        memcpy((char *)sum + l->fields[k], &total, sizeof(total));
    }
}
