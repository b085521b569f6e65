/** Quotes `text` as one word for sh. */
export const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
