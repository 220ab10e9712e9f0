/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz.h - the fuzz targets (fuzz/README.md): one per parser (parsers.c) and one per
 * public function family driven through a fixture root (families.c). A target takes
 * any bytes, must not crash, and checks the invariants its output promises (used <=
 * total, percent within 0..100, nothing written on error); a broken invariant calls
 * fuzz_fail, which the driver defines: libFuzzer's (driver.c) aborts so the input is
 * saved as a crash, the test suite's replay (tests/test_fuzz.c) fails the test.
 */
#ifndef PSUTIL_FUZZ_H
#define PSUTIL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

typedef void (*fuzz_fn)(const uint8_t *data, size_t size);

/* A family target's input is its files' contents joined by this line. */
#define FUZZ_SEP "\n--8<-- next file --8<--\n"

struct fuzz_target {
    const char *name; /* build/fuzz/NAME is its binary, fuzz/regress/NAME its found inputs */
    fuzz_fn run;
    /* Seeds (seeds.c): fixture files (paths below tests/fixtures/linux) matching these
     * fnmatch patterns, space-separated; '|' starts the patterns of the next selector
     * value, which the target reads from its input's first byte. NULL for a family. */
    const char *seed_globs;
    /* A family's files below its tree, NULL-terminated; NULL for a parser. */
    const char *const *files;
};

/* Every target, parsers then families, NULL-terminated. */
extern const struct fuzz_target fuzz_targets[];

/* The target named name, or NULL. */
const struct fuzz_target *fuzz_find(const char *name);

/* A broken invariant: reported by the driver (never returns in libFuzzer). */
void fuzz_fail(const char *where, int line, const char *what);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_fail(__func__, __LINE__, #cond);                                                  \
    } while (0)

/* The input as the library's reads leave a file: a heap copy with a NUL after it (the
 * parsers are handed (buffer, length), and ASan sees a read past length). Free it with
 * free(). NULL when out of memory (the target then skips the input). */
char *fuzz_text(const uint8_t *data, size_t size);

/* Calls fn for each seed of t: the fixture files its globs match below fixtures, a
 * family's files from each fixture tree joined by FUZZ_SEP, and for sock_diag a live
 * dump of the kernel's tables. Returns 0, or fn's first non-zero return. */
int fuzz_seeds(const struct fuzz_target *t, const char *fixtures,
               int (*fn)(void *arg, const char *name, const void *data, size_t size), void *arg);

/* The family targets' (families.c) entries and files, listed in fuzz_targets. */
extern const char *const fuzz_files_memory[],
    *const fuzz_files_cpu[], *const fuzz_files_proc[], *const fuzz_files_net[],
                                                           *const fuzz_files_disks[],
                                                               *const fuzz_files_sensors[],
                                                                   *const fuzz_files_users[],
                                                                       *const fuzz_files_cgroup[];
void fuzz_family_memory(const uint8_t *data, size_t size);
void fuzz_family_cpu(const uint8_t *data, size_t size);
void fuzz_family_proc(const uint8_t *data, size_t size);
void fuzz_family_net(const uint8_t *data, size_t size);
void fuzz_family_disks(const uint8_t *data, size_t size);
void fuzz_family_sensors(const uint8_t *data, size_t size);
void fuzz_family_users(const uint8_t *data, size_t size);
void fuzz_family_cgroup(const uint8_t *data, size_t size);

#endif
