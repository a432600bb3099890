import { changesBetween } from './plan-changes';

describe('the changes between two versions of a plan', () => {
  it('names each field that differs, with its value before and after', () => {
    const before = { aboutMe: 'I like my garden', carer: { name: 'Susan', contact: '07700 900123' }, goals: ['Walk to the shop'] };
    const after = { aboutMe: 'I like my garden', carer: { name: 'Susan', contact: '07700 900999' }, goals: ['Walk to the shop', 'See my grandson'] };
    expect(changesBetween(before, after)).toEqual([
      { path: 'carer.contact', before: '07700 900123', after: '07700 900999' },
      { path: 'goals[1]', before: undefined, after: 'See my grandson' },
    ]);
  });

  it('compares actions by their id, so removing one does not make the others look changed', () => {
    const a = { id: 'a', status: 'OPEN' };
    const b = { id: 'b', status: 'OPEN' };
    expect(changesBetween({ actions: [a, b] }, { actions: [{ ...b, status: 'DONE' }] })).toEqual([
      { path: 'actions[id=a]', before: a, after: undefined },
      { path: 'actions[id=b].status', before: 'OPEN', after: 'DONE' },
    ]);
  });

  it('finds nothing between a version and itself, and a whole section where one was added', () => {
    const content = { carer: null, needs: [{ description: 'Falls', sector: 'HEALTH' }] };
    expect(changesBetween(content, structuredClone(content))).toEqual([]);
    expect(changesBetween(content, { ...content, carer: { name: 'Ray' } })).toEqual([
      { path: 'carer', before: null, after: { name: 'Ray' } },
    ]);
  });
});
