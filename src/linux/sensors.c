/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sensors.c - temperatures, fans and battery on Linux, all from sysfs:
 * - class/hwmon/hwmonN/{name, tempK_input, tempK_max, tempK_crit, tempK_label,
 *   fanK_input, fanK_label} (Documentation/hwmon/sysfs-interface.rst: millidegrees
 *   Celsius, RPM); kernels before 3.x keep the attributes in hwmonN/device/;
 * - class/thermal/thermal_zoneN/{temp, type, trip_point_K_type, trip_point_K_temp}
 *   when no hwmon device reports a temperature (Documentation/driver-api/thermal), and
 *   always for psutil_sensors_thermal_zones;
 * - class/thermal/cooling_deviceN/{type, cur_state, max_state};
 * - class/power_supply/<name>/{type, status, capacity, energy_now, energy_full,
 *   charge_now, charge_full, power_now, current_now, time_to_empty_now, online}
 *   (Documentation/ABI/testing/sysfs-class-power; time_to_empty_now is in seconds).
 * sysfs is "a stinky broken mess" (psutil): an unreadable or malformed attribute skips
 * that one sensor, never the whole call.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"

/* --- small sysfs readers ------------------------------------------------------------ */

/* Reads dirfd/rel as text without its trailing newline. Returns 0, PSUTIL_ENOTSUP when
 * absent or unreadable (not recorded: a sensor without it is skipped), or PSUTIL_ENOMEM
 * (recorded). */
static int read_text(int dirfd, const char *rel, psutil__buf *b)
{
    int r = psutil__read_at(dirfd, rel, b, NULL);
    if (r == PSUTIL_ENOMEM)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "sysfs attribute");
    if (r != 0)
        return PSUTIL_ENOTSUP;
    while (b->len > 0 && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == ' '))
        b->data[--b->len] = '\0';
    return 0;
}

/* Reads a signed integer attribute. Returns 0, PSUTIL_ENOTSUP when absent or malformed
 * (not recorded), or PSUTIL_ENOMEM. */
static int read_int(int dirfd, const char *rel, psutil__buf *b, int64_t *v)
{
    int rc = read_text(dirfd, rel, b);
    if (rc != 0)
        return rc;
    return psutil__parse_i64_field(b->data, b->len, v) == 0 ? 0 : PSUTIL_ENOTSUP;
}

struct entry {
    char name[256];
    uint64_t num;
};

/* By number, so hwmon10 follows hwmon9. */
static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Lists the entries of dirfd/rel named prefix<N>[suffix], sorted by N; *out is
 * malloc'd. Returns 0 (absent directory: no entries), PSUTIL_ENOMEM, or the code of
 * another listing failure (psutil__listing_error). */
static int list_numbered(int dirfd, const char *rel, const char *prefix, const char *suffix,
                         struct entry **out, size_t *n)
{
    size_t cap = 0, plen = strlen(prefix), slen = strlen(suffix);
    DIR *d = psutil__opendirat(dirfd, rel);
    struct dirent *e;
    int err;
    *out = NULL;
    *n = 0;
    if (!d)
        return psutil__listing_error(errno, rel);
    while ((e = psutil__readdir(d, &err)) != NULL) {
        size_t len = strlen(e->d_name), i = plen;
        uint64_t num = 0;
        if (len <= plen + slen || len >= sizeof((*out)->name) ||
            strncmp(e->d_name, prefix, plen) != 0 || strcmp(e->d_name + len - slen, suffix) != 0)
            continue;
        for (; i < len - slen && e->d_name[i] >= '0' && e->d_name[i] <= '9'; i++)
            num = num * 10 + (uint64_t)(e->d_name[i] - '0');
        if (i == plen || i != len - slen || num > 1u << 20)
            continue;
        if (psutil__grow(out, &cap, *n, sizeof(**out), 16, "sysfs listing") != 0) {
            closedir(d);
            psutil__dealloc(*out);
            *out = NULL;
            return PSUTIL_ENOMEM;
        }
        memcpy((*out)[*n].name, e->d_name, len + 1);
        (*out)[*n].num = num;
        (*n)++;
    }
    closedir(d);
    if (err != 0) {
        psutil__dealloc(*out);
        *out = NULL;
        *n = 0;
        return psutil__listing_error(err, rel);
    }
    if (*n > 1)
        qsort(*out, *n, sizeof(**out), cmp_entry);
    return 0;
}

/* --- hwmon ------------------------------------------------------------------------- */

enum sensor_kind { TEMP, FAN };

/* Where a chip is: its sysfs entry ("hwmon2") and its device below the sysfs root. */
struct chip_where {
    const char *hwmon;
    char device[1024];
};

/* Resolves <sysfs root>/<rel>/device to a path below the sysfs root; "" when the chip
 * has no device link or it leads outside the root. */
static void device_of(const char *rel, char *out, size_t size)
{
    char root[PSUTIL__ROOT_MAX], link[PSUTIL__ROOT_MAX + 600], *rroot, *rdev;
    out[0] = '\0';
    psutil__root_path(PSUTIL__ROOT_SYS, root);
    snprintf(link, sizeof(link), "%s/%s/device", root, rel);
    rroot = realpath(root, NULL);
    rdev = rroot ? realpath(link, NULL) : NULL;
    if (rroot && rdev) {
        size_t n = strlen(rroot);
        if (strncmp(rdev, rroot, n) == 0 && rdev[n] == '/')
            snprintf(out, size, "%s", rdev + n + 1);
        else if (strcmp(rroot, "/") == 0)
            snprintf(out, size, "%s", rdev + 1);
    }
    free(rroot);
    free(rdev);
}

/* Adds the sensors of one attribute directory (hwmonN or hwmonN/device). */
static int scan_hwmon_dir(int dirfd, const char *dir, const struct chip_where *w,
                          enum sensor_kind kind, psutil__pack *pk, psutil__buf *b)
{
    struct entry *ents;
    size_t n;
    char rel[600], chip[256];
    int rc;
    snprintf(rel, sizeof(rel), "%s/name", dir);
    if ((rc = read_text(dirfd, rel, b)) != 0)
        return rc == PSUTIL_ENOTSUP ? 0 : rc; /* no name: psutil skips such devices too */
    snprintf(chip, sizeof(chip), "%s", b->data);
    rc = list_numbered(dirfd, dir, kind == TEMP ? "temp" : "fan", "_input", &ents, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        int64_t v, hi, crit;
        char base[300];
        snprintf(base, sizeof(base), "%.*s", (int)(strlen(ents[i].name) - 6), ents[i].name);
        snprintf(rel, sizeof(rel), "%s/%s", dir, ents[i].name);
        if ((rc = read_int(dirfd, rel, b, &v)) != 0) {
            rc = rc == PSUTIL_ENOTSUP ? 0 : rc; /* unreadable sensor: skipped */
            continue;
        }
        const char *label_off, *chip_off, *hwmon_off, *dev_off;
        snprintf(rel, sizeof(rel), "%s/%s_label", dir, base);
        int lr = read_text(dirfd, rel, b);
        if (lr != 0 && lr != PSUTIL_ENOTSUP) {
            rc = lr;
            break;
        }
        if ((rc = psutil__pack_str(pk, chip, strlen(chip), &chip_off)) != 0 ||
            (rc = psutil__pack_str(pk, lr == 0 ? b->data : "", lr == 0 ? b->len : 0, &label_off)) !=
                0 ||
            (rc = psutil__pack_str(pk, w->hwmon, strlen(w->hwmon), &hwmon_off)) != 0 ||
            (rc = psutil__pack_str(pk, w->device, strlen(w->device), &dev_off)) != 0)
            break;
        int index = (int)ents[i].num;
        if (kind == FAN) {
            /* A negative reading is a driver's error code, not a speed: 0. */
            psutil_fan_t f = {.chip = chip_off,
                              .label = label_off,
                              .rpm = v > 0 ? (uint64_t)v : 0,
                              .hwmon = hwmon_off,
                              .device = dev_off,
                              .index = index};
            rc = psutil__pack_add(pk, &f);
            continue;
        }
        psutil_temperature_t t = {.chip = chip_off,
                                  .label = label_off,
                                  .current = (double)v / 1000.0,
                                  .high = NAN,
                                  .critical = NAN,
                                  .hwmon = hwmon_off,
                                  .device = dev_off,
                                  .index = index};
        snprintf(rel, sizeof(rel), "%s/%s_max", dir, base);
        if ((rc = read_int(dirfd, rel, b, &hi)) == 0)
            t.high = (double)hi / 1000.0;
        if (rc == PSUTIL_ENOMEM)
            break;
        snprintf(rel, sizeof(rel), "%s/%s_crit", dir, base);
        if ((rc = read_int(dirfd, rel, b, &crit)) == 0)
            t.critical = (double)crit / 1000.0;
        if (rc == PSUTIL_ENOMEM)
            break;
        rc = psutil__pack_add(pk, &t);
    }
    psutil__dealloc(ents);
    return rc;
}

static int scan_hwmon(enum sensor_kind kind, psutil__pack *pk)
{
    struct entry *devs = NULL;
    size_t n = 0;
    psutil__buf b = {0};
    int sys = psutil__root_open(PSUTIL__ROOT_SYS), rc = 0;
    if (sys < 0) /* no sysfs: no sensors */
        return psutil__root_absent_or(sys);
    rc = list_numbered(sys, "class/hwmon", "hwmon", "", &devs, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char dir[300];
        struct chip_where w;
        size_t before = pk->n;
        snprintf(dir, sizeof(dir), "class/hwmon/%s", devs[i].name);
        w.hwmon = devs[i].name;
        device_of(dir, w.device, sizeof(w.device));
        rc = scan_hwmon_dir(sys, dir, &w, kind, pk, &b);
        /* Older kernels put the attributes (and name) under device/. */
        if (rc == 0 && pk->n == before) {
            snprintf(dir, sizeof(dir), "class/hwmon/%s/device", devs[i].name);
            rc = scan_hwmon_dir(sys, dir, &w, kind, pk, &b);
        }
    }
    psutil__dealloc(devs);
    psutil__buf_release(&b);
    close(sys);
    return rc;
}

static int scan_thermal(psutil__pack *pk)
{
    struct entry *zones = NULL, *trips = NULL;
    size_t n = 0, ntrips = 0;
    psutil__buf b = {0};
    int sys = psutil__root_open(PSUTIL__ROOT_SYS), rc = 0;
    if (sys < 0)
        return psutil__root_absent_or(sys);
    rc = list_numbered(sys, "class/thermal", "thermal_zone", "", &zones, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char dir[300], rel[600], type[256];
        int64_t v;
        snprintf(dir, sizeof(dir), "class/thermal/%s", zones[i].name);
        snprintf(rel, sizeof(rel), "%s/temp", dir);
        if ((rc = read_int(sys, rel, &b, &v)) != 0) {
            rc = rc == PSUTIL_ENOTSUP ? 0 : rc;
            continue;
        }
        snprintf(rel, sizeof(rel), "%s/type", dir);
        if ((rc = read_text(sys, rel, &b)) != 0) {
            rc = rc == PSUTIL_ENOTSUP ? 0 : rc;
            continue;
        }
        snprintf(type, sizeof(type), "%s", b.data);
        psutil_temperature_t t = {.current = (double)v / 1000.0,
                                  .high = NAN,
                                  .critical = NAN,
                                  .index = (int)zones[i].num};
        psutil__dealloc(trips);
        if ((rc = list_numbered(sys, dir, "trip_point_", "_type", &trips, &ntrips)) != 0)
            break;
        for (size_t k = 0; rc == 0 && k < ntrips; k++) {
            int64_t tv;
            snprintf(rel, sizeof(rel), "%s/%s", dir, trips[k].name);
            if ((rc = read_text(sys, rel, &b)) != 0) {
                rc = rc == PSUTIL_ENOTSUP ? 0 : rc;
                continue;
            }
            double *slot = strcmp(b.data, "critical") == 0 ? &t.critical
                           : strcmp(b.data, "high") == 0   ? &t.high
                                                           : NULL;
            snprintf(rel, sizeof(rel), "%s/trip_point_%llu_temp", dir,
                     (unsigned long long)trips[k].num);
            if (slot && (rc = read_int(sys, rel, &b, &tv)) == 0)
                *slot = (double)tv / 1000.0;
            rc = rc == PSUTIL_ENOTSUP ? 0 : rc;
        }
        if (rc == 0 && (rc = psutil__pack_str(pk, type, strlen(type), &t.chip)) == 0 &&
            (rc = psutil__pack_str(pk, "", 0, &t.label)) == 0 &&
            (rc = psutil__pack_str(pk, zones[i].name, strlen(zones[i].name), &t.hwmon)) == 0 &&
            (rc = psutil__pack_str(pk, "", 0, &t.device)) == 0)
            rc = psutil__pack_add(pk, &t);
    }
    psutil__dealloc(trips);
    psutil__dealloc(zones);
    psutil__buf_release(&b);
    close(sys);
    return rc;
}

int psutil__os_sensors_temperatures(psutil_temperature_t **out, size_t *out_n)
{
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_temperature);
    int rc = scan_hwmon(TEMP, &pk);
    if (rc == 0 && pk.n == 0)
        rc = scan_thermal(&pk);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    return rc;
}

int psutil__os_sensors_thermal_zones(psutil_temperature_t **out, size_t *out_n)
{
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_temperature);
    int rc = scan_thermal(&pk);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    return rc;
}

int psutil__os_sensors_cooling_devices(psutil_cooling_device_t **out, size_t *out_n)
{
    struct entry *devs = NULL;
    size_t n = 0;
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_cooling_device);
    int sys = psutil__root_open(PSUTIL__ROOT_SYS), rc = 0;
    if (sys < 0 && (rc = psutil__root_absent_or(sys)) != 0)
        return rc;
    if (sys >= 0)
        rc = list_numbered(sys, "class/thermal", "cooling_device", "", &devs, &n);
    for (size_t i = 0; rc == 0 && i < n && devs[i].num <= INT32_MAX; i++) {
        char rel[600];
        psutil_cooling_device_t c = {.index = (int)devs[i].num};
        snprintf(rel, sizeof(rel), "class/thermal/%s/cur_state", devs[i].name);
        if ((rc = read_int(sys, rel, &b, &c.cur_state)) == 0) {
            snprintf(rel, sizeof(rel), "class/thermal/%s/max_state", devs[i].name);
            rc = read_int(sys, rel, &b, &c.max_state);
        }
        if (rc == 0) {
            snprintf(rel, sizeof(rel), "class/thermal/%s/type", devs[i].name);
            rc = read_text(sys, rel, &b);
        }
        if (rc == PSUTIL_ENOTSUP) { /* a file missing or malformed: left out */
            rc = 0;
            continue;
        }
        if (rc == 0 && (rc = psutil__pack_str(&pk, b.data, b.len, &c.type)) == 0)
            rc = psutil__pack_add(&pk, &c);
    }
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__dealloc(devs);
    psutil__buf_release(&b);
    if (sys >= 0)
        close(sys);
    return rc;
}

int psutil__os_sensors_fans(psutil_fan_t **out, size_t *out_n)
{
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_fan);
    int rc = scan_hwmon(FAN, &pk);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    return rc;
}

/* --- battery ----------------------------------------------------------------------- */

/* Reads the first present of two integer attributes under dir; PSUTIL_ENOTSUP when
 * neither. */
static int read_either(int sys, const char *dir, const char *a, const char *b2, psutil__buf *b,
                       int64_t *v)
{
    char rel[600];
    snprintf(rel, sizeof(rel), "%s/%s", dir, a);
    int rc = read_int(sys, rel, b, v);
    if (rc == PSUTIL_ENOTSUP && b2) {
        snprintf(rel, sizeof(rel), "%s/%s", dir, b2);
        rc = read_int(sys, rel, b, v);
    }
    return rc;
}

/* 1 when the supply's "type" attribute equals want. */
static int supply_type_is(int sys, const char *name, const char *want, psutil__buf *b)
{
    char rel[600];
    snprintf(rel, sizeof(rel), "class/power_supply/%s/type", name);
    return read_text(sys, rel, b) == 0 && strcmp(b->data, want) == 0;
}

/* Whether mains power is connected: AC0/online, AC/online, then any "Mains" supply's
 * online; -1 when no supply tells. */
static int mains_online(int sys, const char *const *names, size_t n, psutil__buf *b)
{
    static const char *const usual[] = {"class/power_supply/AC0/online",
                                        "class/power_supply/AC/online"};
    int64_t v;
    for (size_t i = 0; i < 2; i++)
        if (read_int(sys, usual[i], b, &v) == 0)
            return v == 1;
    for (size_t i = 0; i < n; i++) {
        char rel[600];
        snprintf(rel, sizeof(rel), "class/power_supply/%s/online", names[i]);
        if (supply_type_is(sys, names[i], "Mains", b) && read_int(sys, rel, b, &v) == 0)
            return v == 1;
    }
    return -1;
}

int psutil__os_sensors_battery(psutil_battery_t *out)
{
    psutil__buf b = {0};
    char **names = NULL, dir[600];
    size_t n = 0, cap = 0;
    int rc = 0;
    int sys = psutil__root_open(PSUTIL__ROOT_SYS);
    if (sys < 0)
        return psutil__root_absent_or(sys) == 0
                   ? psutil__error(PSUTIL_ENOTSUP, 0, NULL, "no sysfs, no battery")
                   : sys;
    DIR *d = psutil__opendirat(sys, "class/power_supply");
    struct dirent *e;
    int err = d ? 0 : errno;
    while (d && (e = psutil__readdir(d, &err)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if ((rc = psutil__grow(&names, &cap, n, sizeof(*names), 8, "power supplies")) != 0)
            break;
        size_t len = strlen(e->d_name);
        if (!(names[n] = psutil__malloc(len + 1))) {
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "power supply name");
            break;
        }
        memcpy(names[n++], e->d_name, len + 1);
    }
    if (d)
        closedir(d);
    if (rc == 0)
        rc = psutil__listing_error(err, "class/power_supply");
    if (n > 1)
        qsort(names, n, sizeof(*names), psutil__cmp_cstr);
    /* The first battery by name, as psutil: "BAT*" or a name containing "battery";
     * also any supply whose type says Battery. Never one whose type says otherwise, and
     * never one whose scope is "Device": that is a peripheral's own battery (a wireless
     * mouse's hidpp_battery_0), not the system's (sysfs-class-power, "scope"). */
    const char *bat = NULL;
    for (size_t i = 0; rc == 0 && i < n && !bat; i++) {
        const char *nm = names[i];
        char rel[600];
        if (!(strncmp(nm, "BAT", 3) == 0 || strcasestr(nm, "battery") ||
              supply_type_is(sys, nm, "Battery", &b)))
            continue;
        snprintf(rel, sizeof(rel), "class/power_supply/%s/type", nm);
        int tr = read_text(sys, rel, &b);
        if (tr == PSUTIL_ENOMEM) {
            rc = tr;
            break;
        }
        if (tr == 0 && strcmp(b.data, "Battery") != 0)
            continue;
        snprintf(rel, sizeof(rel), "class/power_supply/%s/scope", nm);
        int sr = read_text(sys, rel, &b);
        if (sr == PSUTIL_ENOMEM) {
            rc = sr;
            break;
        }
        if (sr == 0 && strcasecmp(b.data, "Device") == 0)
            continue;
        bat = nm;
    }
    if (rc == 0 && !bat)
        rc = psutil__error(PSUTIL_ENOTSUP, 0, NULL, "no battery");
    if (rc != 0)
        goto out;
    snprintf(dir, sizeof(dir), "class/power_supply/%s", bat);

    int64_t now = 0, full = 0, power = 0, tte = 0, cap_pct = 0;
    int have_now = read_either(sys, dir, "energy_now", "charge_now", &b, &now) == 0;
    int have_full = read_either(sys, dir, "energy_full", "charge_full", &b, &full) == 0;
    int have_power = read_either(sys, dir, "power_now", "current_now", &b, &power) == 0;
    int have_tte = read_either(sys, dir, "time_to_empty_now", NULL, &b, &tte) == 0;
    psutil_battery_t r;
    /* A negative charge is a driver's error value, not a level: fall back to capacity. */
    if (have_now && now < 0)
        have_now = 0;
    if (have_now && have_full && full > 0)
        r.percent = 100.0 * (double)now / (double)full;
    else if (read_either(sys, dir, "capacity", NULL, &b, &cap_pct) == 0)
        r.percent = (double)cap_pct;
    else {
        rc = psutil__error(PSUTIL_ENOTSUP, 0, NULL, "battery %s tells no charge level", bat);
        goto out;
    }
    /* A percent stays within 0..100: a worn battery can report now > full, a broken one a
     * negative capacity. */
    if (r.percent > 100.0)
        r.percent = 100.0;
    if (!(r.percent >= 0.0))
        r.percent = 0.0;

    r.power_plugged = mains_online(sys, (const char *const *)names, n, &b);
    if (r.power_plugged < 0) {
        char rel[700];
        snprintf(rel, sizeof(rel), "%s/status", dir);
        if (read_text(sys, rel, &b) == 0) {
            if (strcasecmp(b.data, "discharging") == 0)
                r.power_plugged = 0;
            else if (strcasecmp(b.data, "charging") == 0 || strcasecmp(b.data, "full") == 0)
                r.power_plugged = 1;
        }
    }
    if (r.power_plugged == 1)
        r.secsleft = PSUTIL_POWER_TIME_UNLIMITED;
    else if (have_now && have_power)
        /* Some drivers sign the discharge current negative: its size is what drains. */
        r.secsleft = power != 0 && power != INT64_MIN
                         ? (double)now / (double)(power < 0 ? -power : power) * 3600.0
                         : PSUTIL_POWER_TIME_UNKNOWN;
    else if (have_tte && tte >= 0)
        r.secsleft = (double)tte;
    else
        r.secsleft = PSUTIL_POWER_TIME_UNKNOWN;
    *out = r;
out:
    for (size_t i = 0; i < n; i++)
        psutil__dealloc(names[i]);
    psutil__dealloc(names);
    psutil__buf_release(&b);
    close(sys);
    return rc;
}
