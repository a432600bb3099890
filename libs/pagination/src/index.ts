export { decodeCursor, encodeCursor } from './cursor';
export { MAX_PAGE_SIZE, PageArgs, PageInfo, PageOf, toPage } from './page.types';
export type { Page } from './page.types';
