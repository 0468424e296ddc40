// One helper every layer uses: objects without their undefined properties.

type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined properties, so optional fields stay absent (the project uses exactOptionalPropertyTypes). */
export function compact<const T extends Record<string, unknown>>(object: T): Compact<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Compact<T>;
}
