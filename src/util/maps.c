/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * maps.c - a process's memory maps as the list psutil_proc_memory_maps returns, built
 * from the regions a backend reads (smaps on Linux, VirtualQueryEx on Windows): each
 * region a record, or, grouped, one record per path in first-seen order with every size
 * summed (saturating). The paths are found through a hash index, so grouping 30,000
 * mappings stays linear.
 */
#include <string.h>

#include "util.h"

void psutil__maps_init(psutil__maps *m, int grouped)
{
    memset(m, 0, sizeof(*m));
    m->grouped = grouped;
    PSUTIL__PACK_INIT(&m->pk, psutil__layout_memory_map);
}

static int same_path(void *ctx, size_t pos)
{
    psutil__maps *m = ctx;
    const psutil_memory_map_t *g = (const psutil_memory_map_t *)(m->pk.recs + pos * m->pk.recsize);
    const char *gp = m->pk.strs + (uintptr_t)g->path;
    return strlen(gp) == m->plen && memcmp(gp, m->path, m->plen) == 0;
}

int psutil__maps_add(psutil__maps *m, const char *path, size_t plen, const char *addr, size_t alen,
                     const char *perms, size_t permlen, const psutil_memory_map_t *sizes)
{
    if (m->grouped) {
        size_t pos;
        m->path = path;
        m->plen = plen;
        int found = psutil__index_find_or_add(&m->paths, psutil__hash_bytes(path, plen), same_path,
                                              m, m->pk.n, &pos);
        if (found < 0)
            return found;
        if (found) {
            psutil_memory_map_t *g = (psutil_memory_map_t *)(m->pk.recs + pos * m->pk.recsize);
            uint64_t *sums[] = {&g->rss,           &g->size,         &g->pss,
                                &g->shared_clean,  &g->shared_dirty, &g->private_clean,
                                &g->private_dirty, &g->referenced,   &g->anonymous,
                                &g->swap};
            const uint64_t add[] = {sizes->rss,           sizes->size,         sizes->pss,
                                    sizes->shared_clean,  sizes->shared_dirty, sizes->private_clean,
                                    sizes->private_dirty, sizes->referenced,   sizes->anonymous,
                                    sizes->swap};
            for (size_t k = 0; k < sizeof(add) / sizeof(add[0]); k++)
                *sums[k] = psutil__sat_add_u64(*sums[k], add[k]);
            return 0;
        }
    }
    psutil_memory_map_t r = *sizes;
    int rc = psutil__pack_str(&m->pk, path, plen, &r.path);
    if (rc == 0)
        rc = psutil__pack_str(&m->pk, addr, m->grouped ? 0 : alen, &r.addr);
    if (rc == 0)
        rc = psutil__pack_str(&m->pk, perms, m->grouped ? 0 : permlen, &r.perms);
    return rc ? rc : psutil__pack_add(&m->pk, &r);
}

int psutil__maps_finish(psutil__maps *m, psutil_memory_map_t **out, size_t *out_n)
{
    return psutil__pack_finish(&m->pk, (void **)out, out_n);
}

void psutil__maps_release(psutil__maps *m)
{
    psutil__pack_release(&m->pk);
    psutil__index_release(&m->paths);
}
