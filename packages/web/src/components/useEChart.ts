/** Mounts an ECharts instance on a div, sets its option, follows window resizes and cleans up. */
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

export function useEChart(option: Record<string, unknown>) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    const resize = (): void => {
      chart.resize();
    };
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return ref;
}
