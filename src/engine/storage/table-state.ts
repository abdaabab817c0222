import type { MeasureValueType, ScalarMeasureType, TableOptions } from '../model/types.ts';
import { freshSchemaVersion, SchemaMap } from './schema-map.ts';
import { Series, type SeriesRecord, seriesKey } from './series.ts';

/** The persisted form of a table. */
export interface TableRecord {
  readonly id: number;
  readonly database: string;
  readonly name: string;
  readonly options: TableOptions;
  readonly createdAt: number;
}

/**
 * A table in RAM: its settings, its series catalog and the indexes over it (dimension=value ->
 * series, measure name -> series), and the type each measure name and MULTI attribute is bound to.
 */
export class TableState {
  readonly id: number;
  readonly database: string;
  readonly name: string;
  options: TableOptions;
  readonly createdAt: number;
  readonly series = new Map<string, Series>();
  /**
   * Changes whenever a dimension, measure name or attribute appears, goes or changes type (never
   * for points or series alone): what SQL sees of the table is the same while it holds.
   */
  schemaVersion = freshSchemaVersion();
  private readonly schemaChanged = (): void => {
    this.schemaVersion = freshSchemaVersion();
  };
  readonly measureTypes = new SchemaMap<string, MeasureValueType>(this.schemaChanged);
  readonly attributeTypes = new SchemaMap<string, ScalarMeasureType>(this.schemaChanged);
  /** Dimension name -> value -> series. */
  readonly byDimension = new SchemaMap<string, Map<string, Set<Series>>>(this.schemaChanged);
  /** Measure name -> series. */
  readonly byMeasure = new Map<string, Set<Series>>();

  constructor(record: TableRecord) {
    this.id = record.id;
    this.database = record.database;
    this.name = record.name;
    this.options = record.options;
    this.createdAt = record.createdAt;
  }

  toRecord(): TableRecord {
    return { id: this.id, database: this.database, name: this.name, options: this.options, createdAt: this.createdAt };
  }

  /** Changes whenever a series is added or removed (selections of series are kept while it holds: select-series.ts). */
  seriesVersion = 0;

  /** Registers a series in the catalog and indexes, binding its measure and attribute types. */
  addSeries(record: SeriesRecord): Series {
    this.seriesVersion++;
    const series = new Series(record);
    this.series.set(seriesKey(series.measureName, series.dimensions), series);
    for (const [name, value] of series.dimensions) {
      let values = this.byDimension.get(name);
      if (!values) {
        values = new Map();
        this.byDimension.set(name, values);
      }
      let set = values.get(value);
      if (!set) {
        set = new Set();
        values.set(value, set);
      }
      set.add(series);
    }
    let set = this.byMeasure.get(series.measureName);
    if (!set) {
      set = new Set();
      this.byMeasure.set(series.measureName, set);
    }
    set.add(series);
    this.bindSeriesTypes(series);
    return series;
  }

  bindSeriesTypes(series: Series): void {
    if (series.kind === 'multi') {
      this.measureTypes.set(series.measureName, 'MULTI');
      for (const c of series.columns) this.attributeTypes.set(c.name, c.type.toUpperCase() as ScalarMeasureType);
    } else {
      const column = series.columns[0];
      if (column) this.measureTypes.set(series.measureName, column.type.toUpperCase() as ScalarMeasureType);
    }
  }

  /**
   * Drops a series from the catalog and indexes, and the dimension and measure name only it carried
   * (as reopening would, where the schema is rebuilt from the series kept). MULTI attributes it alone
   * had go with `rebindAttributeTypes`, called once after a batch of drops (it reads every series).
   */
  removeSeries(series: Series): void {
    this.seriesVersion++;
    const key = seriesKey(series.measureName, series.dimensions);
    // A series written again after a drop is a new object under the same key: never drop that one.
    if (this.series.get(key) === series) this.series.delete(key);
    for (const [name, value] of series.dimensions) {
      const values = this.byDimension.get(name);
      const set = values?.get(value);
      set?.delete(series);
      if (set && set.size === 0) values?.delete(value);
      if (values && values.size === 0) this.byDimension.delete(name);
    }
    const set = this.byMeasure.get(series.measureName);
    set?.delete(series);
    if (set && set.size === 0) {
      this.byMeasure.delete(series.measureName);
      this.measureTypes.delete(series.measureName);
    }
  }

  /** Keeps only the attribute types some MULTI series still has. */
  rebindAttributeTypes(): void {
    if (this.attributeTypes.size === 0) return;
    const kept = new Set<string>();
    for (const s of this.series.values()) if (s.kind === 'multi') for (const c of s.columns) kept.add(c.name);
    for (const name of [...this.attributeTypes.keys()]) if (!kept.has(name)) this.attributeTypes.delete(name);
  }
}
