/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sensors.c - the portable side of sensors and users: argument checks and the
 * "written only on success" rule around the backend.
 */
#include "internal.h"
#include "os.h"

int(psutil_sensors_temperatures)(psutil_temperature_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_temperature_t, psutil__layout_temperature, out, out_n, stride,
                     psutil__os_sensors_temperatures(&blk_, &n_));
}

int(psutil_sensors_thermal_zones)(psutil_temperature_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_temperature_t, psutil__layout_temperature, out, out_n, stride,
                     psutil__os_sensors_thermal_zones(&blk_, &n_));
}

int(psutil_sensors_cooling_devices)(psutil_cooling_device_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cooling_device_t, psutil__layout_cooling_device, out, out_n, stride,
                     psutil__os_sensors_cooling_devices(&blk_, &n_));
}

int(psutil_sensors_fans)(psutil_fan_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_fan_t, psutil__layout_fan, out, out_n, stride,
                     psutil__os_sensors_fans(&blk_, &n_));
}

int(psutil_sensors_battery)(psutil_battery_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_battery_t, out, size, psutil__os_sensors_battery(&tmp_));
}

int(psutil_users)(psutil_user_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_user_t, psutil__layout_user, out, out_n, stride,
                     psutil__os_users(&blk_, &n_));
}
