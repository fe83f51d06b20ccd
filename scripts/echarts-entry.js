// The ECharts the app ships: only what src/charts uses (line, bar and pie series; grid, tooltip with its
// axis pointer, title, legend, mark lines and areas; the SVG renderer for the screen and the canvas renderer
// for the Word report's pictures). scripts/setup.sh bundles it with esbuild from npm echarts into
// .tools/vendor/echarts.min.js (a global `echarts`, as the full dist builds give). The "common" build shipped
// before also held scatter, toolbox, data zoom, mark points, graphic, dataset and aria: 219 → 159 KB gzip.
import { use } from 'echarts/lib/extension.js';
export * from 'echarts/lib/export/core.js';
import { install as SVGRenderer } from 'echarts/lib/renderer/installSVGRenderer.js';
import { install as CanvasRenderer } from 'echarts/lib/renderer/installCanvasRenderer.js';
import { install as LineChart } from 'echarts/lib/chart/line/install.js';
import { install as BarChart } from 'echarts/lib/chart/bar/install.js';
import { install as PieChart } from 'echarts/lib/chart/pie/install.js';
import { install as GridComponent } from 'echarts/lib/component/grid/install.js';
import { install as TooltipComponent } from 'echarts/lib/component/tooltip/install.js';
import { install as AxisPointerComponent } from 'echarts/lib/component/axisPointer/install.js';
import { install as TitleComponent } from 'echarts/lib/component/title/install.js';
import { install as MarkLineComponent } from 'echarts/lib/component/marker/installMarkLine.js';
import { install as MarkAreaComponent } from 'echarts/lib/component/marker/installMarkArea.js';
import { install as LegendComponent } from 'echarts/lib/component/legend/installLegendPlain.js';
use([CanvasRenderer, SVGRenderer]);
use([LineChart, BarChart, PieChart]);
use([TooltipComponent, AxisPointerComponent, LegendComponent, GridComponent, TitleComponent, MarkLineComponent, MarkAreaComponent]);
