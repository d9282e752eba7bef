/** Where a resolved option's value came from, highest precedence first. A leaf module: the runner imports it too. */
export const OPTION_SOURCES = ['flag', 'env', 'file', 'default'] as const;
export type OptionSource = (typeof OPTION_SOURCES)[number];
