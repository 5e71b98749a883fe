import { lastPage } from './list-request.js';

describe('the last page of the orchestration list', () => {
  it('is the page that holds the last row', () => {
    expect(lastPage(3, false, 2)).toEqual({ maxPage: 2, morePastMaxPage: false });
    expect(lastPage(4, false, 2)).toEqual({ maxPage: 2, morePastMaxPage: false });
  });

  it('is page 1 for an empty list', () => {
    expect(lastPage(0, false, 50)).toEqual({ maxPage: 1, morePastMaxPage: false });
  });

  it('stops where paging stops, and says rows lie beyond', () => {
    expect(lastPage(10_050, false, 50)).toEqual({ maxPage: 201, morePastMaxPage: false });
    expect(lastPage(10_051, false, 50)).toEqual({ maxPage: 201, morePastMaxPage: true });
    expect(lastPage(100_000, false, 500)).toEqual({ maxPage: 21, morePastMaxPage: true });
  });

  it('says rows may lie beyond when the total is only a lower bound', () => {
    expect(lastPage(10_001, true, 500)).toEqual({ maxPage: 21, morePastMaxPage: true });
  });
});
