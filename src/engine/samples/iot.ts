import type { WriteColumnsRequest } from '../storage/write-columns.ts';
import { clamp, DAY_MS, hashString, noiseAt, prng, round, smoothNoise } from './signals.ts';

/** A truck of the IoT sample (the Timestream console sample's dimensions). */
export interface Truck {
  readonly truckId: string;
  readonly fleet: string;
  readonly make: string;
  readonly model: string;
  readonly fuelCapacity: number;
  readonly loadCapacity: number;
  /** Where its route starts and which way it heads (degrees per hour of driving). */
  readonly lat: number;
  readonly lon: number;
  readonly dLat: number;
  readonly dLon: number;
  /** Hours (UTC) its shift starts and lasts. */
  readonly shiftStart: number;
  readonly shiftHours: number;
}

const MODELS: readonly (readonly [string, string])[] = [
  ['Peterbilt', '359'],
  ['Kenworth', 'W925'],
  ['Peterbilt', 'Wrecker'],
  ['Kenworth', 'W900'],
];
const CITIES: readonly (readonly [number, number])[] = [
  [36.1627, -86.7816],
  [47.6062, -122.3321],
  [39.7392, -104.9903],
  [41.8781, -87.6298],
  [29.7604, -95.3698],
];

/** The sample's trucks, the same on every install (seeded). */
export function trucks(count = 8): Truck[] {
  const random = prng(hashString('tidemark iot sample'));
  return Array.from({ length: count }, (_, i): Truck => {
    const [make, model] = MODELS[i % MODELS.length] as readonly [string, string];
    const [lat, lon] = CITIES[i % CITIES.length] as readonly [number, number];
    return {
      truckId: String(1_000_000_000 + Math.floor(random() * 8_999_999_999)),
      fleet: i % 3 === 2 ? 'Bravo' : 'Alpha',
      make,
      model,
      fuelCapacity: i % 2 === 0 ? 100 : 150,
      loadCapacity: i % 2 === 0 ? 500 : 1000,
      lat,
      lon,
      dLat: (random() - 0.5) * 0.6,
      dLon: (random() - 0.5) * 0.6,
      shiftStart: Math.floor(random() * 10),
      shiftHours: 8 + Math.floor(random() * 6),
    };
  });
}

/** Hours into today's shift, or -1 when the truck is parked. */
function shiftHour(truck: Truck, timeMs: number): number {
  const hourOfDay = ((timeMs % DAY_MS) / 3_600_000 - truck.shiftStart + 24) % 24;
  return hourOfDay < truck.shiftHours ? hourOfDay : -1;
}

/** One truck's readings at a time: speed (mph), fuel (% of capacity), load (units) and location. */
export function truckReadings(truck: Truck, timeMs: number, step: number): { speed: number; fuel: number; load: number; location: string } {
  const seed = hashString(truck.truckId);
  const h = shiftHour(truck, timeMs);
  const driving = h >= 0;
  const speed = driving ? clamp(55 + 12 * smoothNoise(seed, timeMs, 900_000) + 3 * noiseAt(seed, step), 0, 80) : 0;
  // Fuel drains over the shift and is refilled before the next one.
  const fuel = driving ? clamp(98 - (h / truck.shiftHours) * 70 + 1.5 * noiseAt(seed ^ 1, step), 3, 100) : 97 + noiseAt(seed ^ 2, step);
  const day = Math.floor(timeMs / DAY_MS);
  const cargo = truck.loadCapacity * (0.4 + 0.5 * ((noiseAt(seed ^ 3, day) + 1) / 2));
  const load = driving ? cargo * (1 - (0.6 * Math.floor((h / truck.shiftHours) * 3)) / 3) : 0;
  const travelled = driving ? h : 0;
  const lat = truck.lat + truck.dLat * travelled + 0.01 * smoothNoise(seed ^ 4, timeMs, 3_600_000);
  const lon = truck.lon + truck.dLon * travelled + 0.01 * smoothNoise(seed ^ 5, timeMs, 3_600_000);
  const location = `${Math.abs(lat).toFixed(4)}° ${lat >= 0 ? 'N' : 'S'}, ${Math.abs(lon).toFixed(4)}° ${lon >= 0 ? 'E' : 'W'}`;
  return { speed: round(speed, 1), fuel: round(fuel, 2), load: round(load, 1), location };
}

/**
 * The IoT sample as columnar writes: `IoT` (single-measure: fuel-reading, load, speed doubles and
 * location varchar per truck) and `IoTMulti` (measure_name `metrics` with the four as attributes),
 * dimensions fleet, truck_id, make, model, fuel_capacity, load_capacity.
 */
export function iotWrites(database: string, fromMs: number, toMs: number, intervalMs: number, fleet = trucks()): WriteColumnsRequest[] {
  const first = Math.ceil(fromMs / intervalMs);
  const last = Math.floor(toMs / intervalMs);
  const n = Math.max(0, last - first + 1);
  const times = Float64Array.from({ length: n }, (_, i) => (first + i) * intervalMs);
  const out: WriteColumnsRequest[] = [];
  for (const truck of fleet) {
    const dimensions = {
      fleet: truck.fleet,
      truck_id: truck.truckId,
      make: truck.make,
      model: truck.model,
      fuel_capacity: String(truck.fuelCapacity),
      load_capacity: String(truck.loadCapacity),
    };
    const readings = Array.from(times, (t, i) => truckReadings(truck, t, first + i));
    const speed = Float64Array.from(readings, (r) => r.speed);
    const fuel = Float64Array.from(readings, (r) => r.fuel);
    const load = Float64Array.from(readings, (r) => r.load);
    const location = readings.map((r) => r.location);
    out.push({ database, table: 'IoT', dimensions, measureName: 'fuel-reading', times, values: fuel });
    out.push({ database, table: 'IoT', dimensions, measureName: 'load', times, values: load });
    out.push({ database, table: 'IoT', dimensions, measureName: 'speed', times, values: speed });
    out.push({ database, table: 'IoT', dimensions, measureName: 'location', times, type: 'VARCHAR', values: location });
    out.push({
      database,
      table: 'IoTMulti',
      dimensions,
      measureName: 'metrics',
      times,
      columns: [
        { name: 'fuel_reading', type: 'DOUBLE', values: fuel },
        { name: 'load', type: 'DOUBLE', values: load },
        { name: 'speed', type: 'DOUBLE', values: speed },
        { name: 'location', type: 'VARCHAR', values: location },
      ],
    });
  }
  return out;
}
