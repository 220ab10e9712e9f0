/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_pstree.c - `psutil pstree [PID]`: the process tree as name(pid) lines joined by
 * ASCII branches, children in pid order. Every process whose parent is not in the
 * snapshot is a root (pid 0's children, but also processes whose parent hidepid or a
 * container hides), as psutil's pstree.py roots the tree at the parents it did not see.
 * Drawing iterates with an explicit stack, so a chain thousands of processes deep costs
 * memory, not the C stack; each process is drawn once, so a ppid cycle in a foreign or
 * corrupt tree ends (and a cycle nobody roots is drawn from its lowest pid).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PSTREE_USAGE "psutil pstree [PID]"

struct node {
    psutil_pid_t pid, ppid;
    char *name;
};

/* A level of the walk: a node and how far through its children it has got. */
struct frame {
    size_t node;
    size_t next; /* index into the children of node (kids[first..first+count]) */
    size_t plen; /* prefix length before this node's children are drawn */
};

struct tree {
    struct node *nodes;
    size_t n;
    size_t *kids, *first, *count; /* children of node i: kids[first[i] .. + count[i]] */
    unsigned char *drawn;
    char *prefix;
    size_t pcap;
};

static int cmp_pid(const void *a, const void *b)
{
    const struct node *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The node with this pid, or n (nodes are sorted by pid). */
static size_t find(const struct tree *t, psutil_pid_t pid)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->nodes[mid].pid == pid)
            return mid;
        if (t->nodes[mid].pid < pid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return t->n;
}

/* Children lists by a counting pass: node i's parent is found by binary search. */
static void index_children(struct tree *t)
{
    size_t *parent = cli_alloc(t->n, sizeof(*parent));
    t->first = cli_alloc(t->n + 1, sizeof(*t->first));
    t->count = cli_alloc(t->n, sizeof(*t->count));
    t->kids = cli_alloc(t->n, sizeof(*t->kids));
    for (size_t i = 0; i < t->n; i++) {
        parent[i] = t->nodes[i].ppid == t->nodes[i].pid ? t->n : find(t, t->nodes[i].ppid);
        if (parent[i] < t->n)
            t->count[parent[i]]++;
    }
    for (size_t i = 0, at = 0; i < t->n; i++) {
        t->first[i] = at;
        at += t->count[i];
        t->count[i] = 0;
    }
    for (size_t i = 0; i < t->n; i++) /* in pid order, so children come out sorted */
        if (parent[i] < t->n)
            t->kids[t->first[parent[i]] + t->count[parent[i]]++] = i;
    free(parent);
}

static void prefix_set(struct tree *t, size_t len, const char *add)
{
    size_t alen = strlen(add);
    if (len + alen + 1 > t->pcap) {
        t->pcap = (len + alen + 1) * 2;
        t->prefix = cli_realloc(t->prefix, t->pcap, 1);
    }
    memcpy(t->prefix + len, add, alen + 1);
}

/* Draws the subtree of root, iteratively. */
static void draw(struct tree *t, size_t root)
{
    size_t cap = 64, depth = 0;
    struct frame *stack = cli_alloc(cap, sizeof(*stack));
    t->drawn[root] = 1;
    printf("%s(%lld)\n", cli_safe(t->nodes[root].name), (long long)t->nodes[root].pid);
    prefix_set(t, 0, "");
    stack[depth++] = (struct frame){root, 0, 0};
    while (depth > 0) {
        struct frame *f = &stack[depth - 1];
        size_t node = f->node;
        /* The next child not drawn yet (a cycle or a second path never draws twice). */
        while (f->next < t->count[node] && t->drawn[t->kids[t->first[node] + f->next]])
            f->next++;
        if (f->next == t->count[node]) {
            depth--;
            continue;
        }
        size_t child = t->kids[t->first[node] + f->next++];
        /* Last when no undrawn sibling follows. */
        int last = 1;
        for (size_t k = f->next; k < t->count[node] && last; k++)
            last = t->drawn[t->kids[t->first[node] + k]];
        t->prefix[f->plen] = '\0';
        printf("%s%s%s(%lld)\n", t->prefix, last ? "`-- " : "|-- ", cli_safe(t->nodes[child].name),
               (long long)t->nodes[child].pid);
        t->drawn[child] = 1;
        if (t->count[child] == 0)
            continue;
        size_t plen = f->plen;
        prefix_set(t, plen, last ? "    " : "|   ");
        if (depth == cap)
            stack = cli_realloc(stack, cap *= 2, sizeof(*stack));
        stack[depth++] = (struct frame){child, 0, plen + 4};
    }
    free(stack);
}

int cmd_pstree(int argc, char **argv)
{
    psutil_pid_t root = 0;
    if (argc > 2)
        return cli_usage_error("pstree", PSTREE_USAGE, "too many arguments");
    if (argc == 2) {
        long v;
        if (strcmp(argv[1], "--help") == 0) {
            printf("Usage: " PSTREE_USAGE "\n\nThe process tree (from PID).\n");
            return CLI_OK;
        }
        if (cli_parse_count(argv[1], &v) != 0)
            return cli_usage_error("pstree", PSTREE_USAGE, "'%s' is not a pid", argv[1]);
        root = v;
    }
    /* One snapshot: ppid and name of every process, each row read through one /proc/PID
     * directory (a process that ends meanwhile is simply absent). */
    psutil_proc_row_t *rows;
    size_t nrows;
    int rc = psutil_proc_table(PSUTIL_PF_PPID | PSUTIL_PF_NAME, &rows, &nrows);
    if (rc != 0)
        return cli_fail("process list", rc);
    struct tree t;
    memset(&t, 0, sizeof(t));
    t.nodes = cli_alloc(nrows, sizeof(*t.nodes));
    for (size_t i = 0; i < nrows; i++) {
        t.nodes[t.n].pid = rows[i].pid;
        t.nodes[t.n].ppid = rows[i].ppid;
        t.nodes[t.n++].name = cli_strdup(rows[i].name);
    }
    psutil_free(rows);
    qsort(t.nodes, t.n, sizeof(*t.nodes), cmp_pid);
    index_children(&t);
    t.drawn = cli_alloc(t.n, 1);
    int status = CLI_OK;
    if (root) {
        size_t r = find(&t, root);
        if (r == t.n) {
            fprintf(stderr, "psutil pstree: no process %lld\n", (long long)root);
            status = CLI_ERROR;
        } else {
            draw(&t, r);
        }
    } else {
        /* Roots: processes whose parent is not in the snapshot (or is themselves). */
        for (size_t i = 0; i < t.n; i++) {
            size_t p = t.nodes[i].ppid == t.nodes[i].pid ? t.n : find(&t, t.nodes[i].ppid);
            if (p == t.n && !t.drawn[i])
                draw(&t, i);
        }
        /* What is left hangs in a cycle no root reaches: drawn from its lowest pid. */
        for (size_t i = 0; i < t.n; i++)
            if (!t.drawn[i])
                draw(&t, i);
    }
    for (size_t i = 0; i < t.n; i++)
        free(t.nodes[i].name);
    free(t.nodes);
    free(t.kids);
    free(t.first);
    free(t.count);
    free(t.drawn);
    free(t.prefix);
    return status;
}
