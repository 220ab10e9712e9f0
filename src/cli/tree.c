/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tree.c - the process tree walk that pstree and ps --forest share: children found through
 * a counting index (each parent by binary search over pids), visited depth first with an
 * explicit stack, so a chain thousands of processes deep costs memory, not C stack. Roots
 * are the processes whose parent is not listed; what a ppid cycle leaves unreached is then
 * walked from its lowest pid; every process is visited exactly once. Siblings and roots
 * come in pid order or in an order the caller gives (ps --forest's sort).
 */
#include <stdlib.h>

#include "cli.h"

/* The index of pid in pids (sorted ascending), or n. */
static size_t find_pid(const psutil_pid_t *pids, size_t n, psutil_pid_t pid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pids[mid] == pid)
            return mid;
        if (pids[mid] < pid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return n;
}

struct tree_index {
    size_t n;
    size_t *parent, *first, *count, *kids, *stack, *next;
    unsigned char *done;
};

/* Visits the subtree of r depth first (r itself at depth 0). */
static void walk_from(struct tree_index *t, size_t r,
                      void (*visit)(void *ctx, size_t i, int depth, int last), void *ctx)
{
    size_t depth = 0;
    t->done[r] = 1;
    t->next[r] = 0;
    visit(ctx, r, 0, 1);
    t->stack[depth++] = r;
    while (depth > 0) {
        size_t node = t->stack[depth - 1];
        const size_t *kids = t->kids + t->first[node];
        while (t->next[node] < t->count[node] && t->done[kids[t->next[node]]])
            t->next[node]++;
        if (t->next[node] == t->count[node]) {
            depth--;
            continue;
        }
        size_t child = kids[t->next[node]++];
        /* Last when no sibling after it is still to be drawn. */
        int last = 1;
        for (size_t k = t->next[node]; k < t->count[node] && last; k++)
            last = t->done[kids[k]];
        t->done[child] = 1;
        t->next[child] = 0;
        visit(ctx, child, (int)depth, last);
        t->stack[depth++] = child;
    }
}

void cli_tree_walk(const psutil_pid_t *pids, const psutil_pid_t *ppids, size_t n, size_t root,
                   const size_t *order, int roots_backwards,
                   void (*visit)(void *ctx, size_t i, int depth, int last), void *ctx)
{
    struct tree_index t = {n,
                           cli_alloc(n, sizeof(size_t)),
                           cli_alloc(n + 1, sizeof(size_t)),
                           cli_alloc(n, sizeof(size_t)),
                           cli_alloc(n, sizeof(size_t)),
                           cli_alloc(n + 1, sizeof(size_t)),
                           cli_alloc(n, sizeof(size_t)),
                           cli_alloc(n, 1)};
    for (size_t i = 0; i < n; i++) {
        t.parent[i] = ppids[i] == pids[i] ? n : find_pid(pids, n, ppids[i]);
        if (t.parent[i] < n)
            t.count[t.parent[i]]++;
    }
    for (size_t i = 0, at = 0; i < n; i++) {
        t.first[i] = at;
        at += t.count[i];
        t.count[i] = 0;
    }
    for (size_t j = 0; j < n; j++) { /* in the given order, so each child list is in it */
        size_t i = order ? order[j] : j;
        if (t.parent[i] < n)
            t.kids[t.first[t.parent[i]] + t.count[t.parent[i]]++] = i;
    }
    if (root < n) {
        walk_from(&t, root, visit, ctx);
    } else {
        for (size_t j = 0; j < n; j++) { /* roots: the parent is not listed */
            size_t k = roots_backwards ? n - 1 - j : j, r = order ? order[k] : k;
            if (!t.done[r] && t.parent[r] == n)
                walk_from(&t, r, visit, ctx);
        }
        for (size_t r = 0; r < n; r++) /* what a ppid cycle left unreached */
            if (!t.done[r])
                walk_from(&t, r, visit, ctx);
    }
    free(t.parent);
    free(t.first);
    free(t.count);
    free(t.kids);
    free(t.stack);
    free(t.next);
    free(t.done);
}
