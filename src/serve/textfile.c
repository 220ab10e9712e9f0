/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * textfile.c - node_exporter's textfile collector: the metrics of every *.prom file in
 * --collector.textfile.directory (text format 0.0.4, files in name order), as node_exporter
 * 1.5 exports them:
 *   - a file that does not parse, or holds a sample with a timestamp, is left out whole
 *     and node_textfile_scrape_error is 1 (so is an unreadable directory);
 *   - a family read without HELP gets "Metric read from PATH";
 *   - a family met in several files is one family (its HELP and TYPE from the first);
 *     within a counter, gauge or untyped family of one file every series carries every
 *     label name the family uses there, "" where it had none (node_exporter's
 *     conversion);
 *   - node_textfile_mtime_seconds{file=PATH} for each file read, whole seconds.
 * No directory given: only node_textfile_scrape_error 0.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../cli/cli.h"
#include "serve.h"

static char *directory;

int serve_textfile_directory(const char *dir)
{
    free(directory);
    directory = dir && dir[0] ? cli_strdup(dir) : NULL;
    return 0;
}

struct tf_sample {
    char *name;
    char **keys, **values;
    size_t n;
    double v;
};

struct tf_family {
    char *name, *help;
    char type[16];
    struct tf_sample *s;
    size_t n, cap;
};

struct tf_set {
    struct tf_family *f;
    size_t n, cap;
};

static void sample_free(struct tf_sample *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->keys[i]);
        free(s->values[i]);
    }
    free(s->keys);
    free(s->values);
    free(s->name);
}

static void set_free(struct tf_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        for (size_t j = 0; j < set->f[i].n; j++)
            sample_free(&set->f[i].s[j]);
        free(set->f[i].s);
        free(set->f[i].name);
        free(set->f[i].help);
    }
    free(set->f);
    memset(set, 0, sizeof(*set));
}

static struct tf_family *find(struct tf_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->f[i].name, name) == 0)
            return &set->f[i];
    return NULL;
}

static struct tf_family *add_family(struct tf_set *set, const char *name, size_t len)
{
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 8;
        set->f = cli_realloc(set->f, set->cap, sizeof(*set->f));
    }
    struct tf_family *f = &set->f[set->n++];
    memset(f, 0, sizeof(*f));
    f->name = cli_alloc(len + 1, 1);
    memcpy(f->name, name, len);
    f->name[len] = '\0';
    strcpy(f->type, "untyped");
    return f;
}

static int name_char(char c, int first, int colon)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':') ||
           (!first && c >= '0' && c <= '9');
}

/* A metric (colon 1) or label name at *p: its length, 0 when there is none. */
static size_t name_len(const char *p, int colon)
{
    size_t n = 0;
    while (name_char(p[n], n == 0, colon))
        n++;
    return n;
}

static const char *blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* A sample value as Go's ParseFloat takes it: a decimal or "NaN", "+Inf", "-Inf". */
static int parse_value(const char *s, size_t n, double *v)
{
    char buf[64];
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (strcmp(buf, "NaN") == 0)
        *v = NAN;
    else if (strcmp(buf, "+Inf") == 0 || strcmp(buf, "Inf") == 0)
        *v = INFINITY;
    else if (strcmp(buf, "-Inf") == 0)
        *v = -INFINITY;
    else {
        char *end;
        if (strspn(buf, "0123456789+-.eE") != n)
            return -1;
        errno = 0;
        *v = strtod(buf, &end);
        if (*end != '\0' || end == buf)
            return -1;
    }
    return 0;
}

/* A quoted label value at p (just past the opening quote), unescaped into a new string;
 * *end is past the closing quote. NULL when it is unterminated, has an unknown escape or
 * is not UTF-8. */
static char *label_value(const char *p, const char **end)
{
    size_t cap = strlen(p) + 1, o = 0;
    char *out = cli_alloc(cap, 1);
    for (; *p && *p != '"'; p++) {
        if (*p == '\\') {
            p++;
            if (*p != '\\' && *p != '"' && *p != 'n') {
                free(out);
                return NULL;
            }
            out[o++] = *p == 'n' ? '\n' : *p;
        } else
            out[o++] = *p;
    }
    out[o] = '\0';
    if (*p != '"') {
        free(out);
        return NULL;
    }
    for (size_t i = 0; i < o;) {
        size_t k = cli_utf8_len((const unsigned char *)out + i, o - i);
        if (k == 0) {
            free(out);
            return NULL;
        }
        i += k;
    }
    *end = p + 1;
    return out;
}

/* The family a sample named name belongs to: its own, or a histogram's or summary's for
 * the _bucket, _sum and _count series. */
static struct tf_family *family_of(struct tf_set *set, const char *name)
{
    struct tf_family *f = find(set, name);
    if (f)
        return f;
    static const char *const suffix[] = {"_bucket", "_sum", "_count"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(name), k = strlen(suffix[i]);
        if (n <= k || strcmp(name + n - k, suffix[i]) != 0)
            continue;
        char base[256];
        if (n - k >= sizeof(base))
            continue;
        memcpy(base, name, n - k);
        base[n - k] = '\0';
        f = find(set, base);
        if (f && (strcmp(f->type, "histogram") == 0 || strcmp(f->type, "summary") == 0) &&
            (i == 0 ? strcmp(f->type, "histogram") == 0 : 1))
            return f;
    }
    return NULL;
}

/* 1 when f has a series of s's name with s's labels (in any order). */
static int has_series(const struct tf_family *f, const struct tf_sample *s)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct tf_sample *o = &f->s[i];
        int same = strcmp(o->name, s->name) == 0 && o->n == s->n;
        for (size_t j = 0; same && j < s->n; j++) {
            size_t m = 0;
            while (m < o->n && strcmp(o->keys[m], s->keys[j]) != 0)
                m++;
            same = m < o->n && strcmp(o->values[m], s->values[j]) == 0;
        }
        if (same)
            return 1;
    }
    return 0;
}

/* One sample line into set; 0, or -1 with why. */
static int parse_sample(struct tf_set *set, const char *line, const char **why)
{
    struct tf_sample s;
    memset(&s, 0, sizeof(s));
    size_t n = name_len(line, 1);
    if (n == 0)
        return *why = "no metric name", -1;
    s.name = cli_alloc(n + 1, 1);
    memcpy(s.name, line, n);
    s.name[n] = '\0';
    const char *p = blanks(line + n);
    if (*p == '{') {
        p = blanks(p + 1);
        while (*p != '}') {
            size_t k = name_len(p, 0);
            const char *q = blanks(p + k);
            if (k == 0 || *q != '=' || *(q = blanks(q + 1)) != '"') {
                *why = "a label is not name=\"value\"";
                goto bad;
            }
            s.keys = cli_realloc(s.keys, s.n + 1, sizeof(char *));
            s.values = cli_realloc(s.values, s.n + 1, sizeof(char *));
            s.keys[s.n] = cli_alloc(k + 1, 1);
            memcpy(s.keys[s.n], p, k);
            s.keys[s.n][k] = '\0';
            s.values[s.n] = label_value(q + 1, &p);
            if (!s.values[s.n]) {
                free(s.keys[s.n]);
                *why = "a label value is unterminated, badly escaped or not UTF-8";
                goto bad;
            }
            for (size_t j = 0; j < s.n; j++)
                if (strcmp(s.keys[j], s.keys[s.n]) == 0) {
                    s.n++;
                    *why = "a label name twice";
                    goto bad;
                }
            s.n++;
            p = blanks(p);
            if (*p == ',')
                p = blanks(p + 1);
            else if (*p != '}') {
                *why = "labels not separated by ','";
                goto bad;
            }
        }
        p = blanks(p + 1);
    }
    const char *v = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (parse_value(v, (size_t)(p - v), &s.v) != 0) {
        *why = "a value that is not a number";
        goto bad;
    }
    if (*blanks(p) != '\0') {
        *why = "a sample with a timestamp (client-side timestamps are not supported)";
        goto bad;
    }
    struct tf_family *f = family_of(set, s.name);
    if (!f)
        f = add_family(set, s.name, strlen(s.name));
    if (has_series(f, &s)) {
        *why = "a series twice";
        goto bad;
    }
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->s = cli_realloc(f->s, f->cap, sizeof(*f->s));
    }
    f->s[f->n++] = s;
    return 0;
bad:
    sample_free(&s);
    return -1;
}

/* "# HELP name text" (text unescaped: \\ and \n) or "# TYPE name type"; other comments
 * are left alone. 0, or -1 with why. */
static int parse_comment(struct tf_set *set, const char *line, const char **why)
{
    const char *p = blanks(line + 1);
    int help = strncmp(p, "HELP", 4) == 0 && (p[4] == ' ' || p[4] == '\t');
    int type = strncmp(p, "TYPE", 4) == 0 && (p[4] == ' ' || p[4] == '\t');
    if (!help && !type)
        return 0;
    p = blanks(p + 4);
    size_t n = name_len(p, 1);
    if (n == 0 || (p[n] && p[n] != ' ' && p[n] != '\t'))
        return *why = "HELP or TYPE without a metric name", -1;
    char name[256];
    if (n >= sizeof(name))
        return *why = "a metric name too long", -1;
    memcpy(name, p, n);
    name[n] = '\0';
    const char *rest = blanks(p + n);
    struct tf_family *f = find(set, name);
    if (!f)
        f = add_family(set, name, n);
    if (help) {
        if (f->help)
            return *why = "a second HELP for one metric", -1;
        f->help = cli_alloc(strlen(rest) + 1, 1);
        size_t o = 0;
        for (const char *q = rest; *q; q++) {
            if (*q == '\\' && (q[1] == '\\' || q[1] == 'n')) {
                f->help[o++] = q[1] == 'n' ? '\n' : '\\';
                q++;
            } else
                f->help[o++] = *q;
        }
        f->help[o] = '\0';
        return 0;
    }
    static const char *const types[] = {"counter", "gauge", "histogram", "summary", "untyped"};
    size_t t = 0;
    while (t < 5 && strcmp(rest, types[t]) != 0)
        t++;
    if (t == 5)
        return *why = "an unknown TYPE", -1;
    if (f->n > 0 || strcmp(f->type, "untyped") != 0)
        return *why = "a TYPE after its samples, or twice", -1;
    strcpy(f->type, types[t]);
    return 0;
}

/* Within a counter, gauge or untyped family of one file, every series gets every label
 * name the family uses there, "" where it had none (node_exporter's conversion). */
static void fill_labels(struct tf_family *f)
{
    if (strcmp(f->type, "histogram") == 0 || strcmp(f->type, "summary") == 0)
        return;
    for (size_t i = 0; i < f->n; i++)
        for (size_t j = 0; j < f->s[i].n; j++)
            for (size_t k = 0; k < f->n; k++) {
                struct tf_sample *o = &f->s[k];
                size_t m = 0;
                while (m < o->n && strcmp(o->keys[m], f->s[i].keys[j]) != 0)
                    m++;
                if (m < o->n)
                    continue;
                o->keys = cli_realloc(o->keys, o->n + 1, sizeof(char *));
                o->values = cli_realloc(o->values, o->n + 1, sizeof(char *));
                o->keys[o->n] = cli_strdup(f->s[i].keys[j]);
                o->values[o->n++] = cli_strdup("");
            }
}

/* One file into *set (families that have no sample are dropped); -1 with a message on
 * stderr when it cannot be read or parsed. */
static int parse_file(const char *path, struct tf_set *set)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "psutil serve: textfile %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    const char *why = NULL;
    while (rc == 0 && (got = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        if (got > 0 && line[got - 1] == '\n')
            line[--got] = '\0';
        if (memchr(line, '\0', (size_t)got)) {
            why = "a NUL byte";
            rc = -1;
            break;
        }
        const char *p = blanks(line);
        if (*p == '\0')
            continue;
        rc = *p == '#' ? parse_comment(set, p, &why) : parse_sample(set, p, &why);
    }
    free(line);
    if (rc == 0 && ferror(fp)) {
        why = strerror(errno);
        rc = -1;
    }
    fclose(fp);
    if (rc != 0)
        fprintf(stderr, "psutil serve: textfile %s: line %zu: %s; the file is left out\n", path,
                lineno, why);
    for (size_t i = 0; rc == 0 && i < set->n; i++)
        fill_labels(&set->f[i]);
    for (size_t i = 0; rc == 0 && i < set->n; i++)
        if (set->f[i].help == NULL) {
            size_t len = strlen(path) + 32;
            set->f[i].help = cli_alloc(len, 1);
            snprintf(set->f[i].help, len, "Metric read from %s", path);
        }
    return rc;
}

/* The families of one file into the collection: a family met before keeps its HELP and
 * TYPE and takes the new series (-1, nothing taken, when the types differ or a series
 * is there already). */
static int merge(struct tf_set *all, struct tf_set *one)
{
    for (size_t i = 0; i < one->n; i++) {
        struct tf_family *f = find(all, one->f[i].name);
        if (!f || one->f[i].n == 0)
            continue;
        if (strcmp(f->type, one->f[i].type) != 0)
            return -1;
        for (size_t j = 0; j < one->f[i].n; j++)
            if (has_series(f, &one->f[i].s[j]))
                return -1;
    }
    for (size_t i = 0; i < one->n; i++) {
        struct tf_family *src = &one->f[i], *f = find(all, src->name);
        if (src->n == 0)
            continue;
        if (!f) {
            f = add_family(all, src->name, strlen(src->name));
            strcpy(f->type, src->type);
            f->help = src->help;
            src->help = NULL;
        }
        for (size_t j = 0; j < src->n; j++) {
            if (f->n == f->cap) {
                f->cap = f->cap ? f->cap * 2 : 8;
                f->s = cli_realloc(f->s, f->cap, sizeof(*f->s));
            }
            f->s[f->n++] = src->s[j];
        }
        src->n = 0;
    }
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes a family: HELP escaped, TYPE, then its series. */
static void write_family(struct text *t, const struct tf_family *f)
{
    text_printf(t, "# HELP %s ", f->name);
    for (const char *p = f->help; *p; p++)
        if (*p == '\\')
            text_put(t, "\\\\", 2);
        else if (*p == '\n')
            text_put(t, "\\n", 2);
        else
            text_put(t, p, 1);
    text_printf(t, "\n# TYPE %s %s\n", f->name, f->type);
    for (size_t i = 0; i < f->n; i++)
        sample_labels(t, f->s[i].name, (const char *const *)f->s[i].keys,
                      (const char *const *)f->s[i].values, f->s[i].n, f->s[i].v);
}

int collect_textfile(struct text *t, int procs)
{
    (void)procs;
    int errored = 0;
    struct tf_set all = {0};
    char **files = NULL;
    double *mtimes = NULL;
    size_t nfiles = 0, nread = 0;
    if (directory) {
        DIR *d = opendir(directory);
        if (!d) {
            fprintf(stderr, "psutil serve: textfile directory %s: %s\n", directory,
                    strerror(errno));
            errored = 1;
        }
        for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
            size_t n = strlen(e->d_name);
            if (n < 5 || strcmp(e->d_name + n - 5, ".prom") != 0)
                continue;
            files = cli_realloc(files, nfiles + 1, sizeof(*files));
            size_t len = strlen(directory) + n + 2;
            files[nfiles] = cli_alloc(len, 1);
            snprintf(files[nfiles++], len, "%s/%s", directory, e->d_name);
        }
        if (d)
            closedir(d);
        if (nfiles)
            qsort(files, nfiles, sizeof(*files), by_name);
        mtimes = cli_alloc(nfiles + 1, sizeof(*mtimes));
    }
    for (size_t i = 0; i < nfiles; i++) {
        struct tf_set one = {0};
        struct stat st;
        if (stat(files[i], &st) != 0 || parse_file(files[i], &one) != 0) {
            errored = 1;
        } else if (merge(&all, &one) != 0) {
            fprintf(stderr,
                    "psutil serve: textfile %s: a metric of another file with another type, "
                    "or a series twice; the file is left out\n",
                    files[i]);
            errored = 1;
        } else {
            mtimes[i] = (double)st.st_mtime;
            char *keep = files[nread];
            files[nread] = files[i];
            files[i] = keep;
            mtimes[nread++] = mtimes[i];
        }
        set_free(&one);
    }
    for (size_t i = 0; i < all.n; i++)
        write_family(t, &all.f[i]);
    if (nread) {
        family(t, "node_textfile_mtime_seconds", "gauge",
               "Unixtime mtime of textfiles successfully read.");
        for (size_t i = 0; i < nread; i++)
            sample(t, "node_textfile_mtime_seconds", mtimes[i], "file", files[i], NULL);
    }
    family(t, "node_textfile_scrape_error", "gauge",
           "1 if there was an error opening or reading a file, 0 otherwise");
    sample(t, "node_textfile_scrape_error", errored, NULL);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    free(mtimes);
    set_free(&all);
    return 0;
}

void serve_textfile_free(void)
{
    free(directory);
    directory = NULL;
}
