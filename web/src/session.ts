// The API key lives in this tab's sessionStorage only: gone when the tab closes, never in a URL.

const KEY = 'clipforge.apiKey';

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const storeKey = (key: string) => sessionStorage.setItem(KEY, key);
export const forgetKey = () => sessionStorage.removeItem(KEY);
