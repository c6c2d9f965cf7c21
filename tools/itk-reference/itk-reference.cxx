// itk-reference: runs ITK's own filters on an image so that our TypeScript ports can be checked against them.
//
//   itk-reference n4 <image> <corrected-out> <log-field-out> [--mask m] [--shrink f] [--iterations 50,50,50,50]
//                 [--convergence 0.001] [--control-points 4] [--spline-order 3] [--bins 200] [--fwhm 0.15]
//                 [--noise 0.01] [--threads n]
//   itk-reference resample <image> <out> --spacing x,y,z --origin x,y,z --size x,y,z
//                 [--interpolator bspline|linear|nearest] [--threads n]
//
// n4 follows 3D Slicer's N4ITK module: shrink image and mask by --shrink (ShrinkImageFilter), run
// N4BiasFieldCorrectionImageFilter on the shrunk image, rebuild the log bias field at full resolution from the
// control-point lattice (BSplineControlPointImageFilter over the full image's grid) and divide: corrected =
// image / exp(logField). Mask voxels != 0 are used. Images are read as float (N4's own RealType).
// resample runs ResampleImageFilter (identity transform, default value 0, output direction = input's) in double
// precision, without casting to the input pixel type.
//   itk-reference log <image> <out> --sigma s
//   itk-reference gradient <image> <out> [--use-spacing 1|0]
//
// log and gradient are the filters behind PyRadiomics' LoG and Gradient image types, with SimpleITK's defaults
// written down from SimpleITK's filter descriptions (Code/BasicFilters/json/*.json):
//   LaplacianRecursiveGaussianImageFilter: Sigma 1.0 (set here from --sigma), NormalizeAcrossScale false (PyRadiomics
//     sets it true, as here); output pixel type float.
//   GradientMagnitudeImageFilter: UseImageSpacing true (PyRadiomics' gradientUseSpacing); output pixel type float.
// The input is read as double (SimpleITK keeps the file's pixel type; the filters' internal real type is double for
// every input type, so the values are the same) and the output is written as float, as SimpleITK returns it.
// All commands print one JSON line on stdout with the filter's wall time in seconds (file I/O excluded); n4 adds its
// process CPU time (cpuSeconds).
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "itkBSplineControlPointImageFilter.h"
#include "itkBSplineInterpolateImageFunction.h"
#include "itkGradientMagnitudeImageFilter.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"
#include "itkImage.h"
#include "itkImageFileReader.h"
#include "itkImageFileWriter.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkMultiThreaderBase.h"
#include "itkN4BiasFieldCorrectionImageFilter.h"
#include "itkNearestNeighborInterpolateImageFunction.h"
#include "itkResampleImageFilter.h"
#include "itkShrinkImageFilter.h"

using FloatImage = itk::Image<float, 3>;
using DoubleImage = itk::Image<double, 3>;
using MaskImage = itk::Image<unsigned char, 3>;

static std::vector<double> parseList(const std::string & text)
{
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
    out.push_back(std::stod(item));
  return out;
}

template <typename TImage>
typename TImage::Pointer read(const std::string & path)
{
  auto reader = itk::ImageFileReader<TImage>::New();
  reader->SetFileName(path);
  reader->Update();
  return reader->GetOutput();
}

template <typename TImage>
void write(const TImage * image, const std::string & path)
{
  auto writer = itk::ImageFileWriter<TImage>::New();
  writer->SetFileName(path);
  writer->SetInput(image);
  writer->Update();
}

static double seconds(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Process CPU time (all threads), so timings stay meaningful on a loaded machine.
static double cpuSeconds(std::clock_t start)
{
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

static int runN4(const std::vector<std::string> & pos, std::map<std::string, std::string> & opt)
{
  if (pos.size() != 3)
  {
    std::cerr << "n4: expected <image> <corrected-out> <log-field-out>\n";
    return 2;
  }
  FloatImage::Pointer image = read<FloatImage>(pos[0]);
  MaskImage::Pointer mask;
  if (opt.count("mask"))
    mask = read<MaskImage>(opt["mask"]);
  const unsigned shrink = opt.count("shrink") ? std::stoi(opt["shrink"]) : 1;
  const std::vector<double> iterations = parseList(opt.count("iterations") ? opt["iterations"] : "50,50,50,50");

  auto start = std::chrono::steady_clock::now();
  const std::clock_t cpuStart = std::clock();
  using Shrinker = itk::ShrinkImageFilter<FloatImage, FloatImage>;
  auto shrinker = Shrinker::New();
  shrinker->SetInput(image);
  shrinker->SetShrinkFactors(shrink);
  shrinker->Update();
  MaskImage::Pointer shrunkMask;
  if (mask)
  {
    auto maskShrinker = itk::ShrinkImageFilter<MaskImage, MaskImage>::New();
    maskShrinker->SetInput(mask);
    maskShrinker->SetShrinkFactors(shrink);
    maskShrinker->Update();
    shrunkMask = maskShrinker->GetOutput();
  }

  using N4 = itk::N4BiasFieldCorrectionImageFilter<FloatImage, MaskImage, FloatImage>;
  auto n4 = N4::New();
  n4->SetInput(shrinker->GetOutput());
  if (shrunkMask)
    n4->SetMaskImage(shrunkMask);
  N4::VariableSizeArrayType maxIterations(iterations.size());
  for (unsigned i = 0; i < iterations.size(); ++i)
    maxIterations[i] = static_cast<unsigned>(iterations[i]);
  n4->SetMaximumNumberOfIterations(maxIterations);
  n4->SetNumberOfFittingLevels(static_cast<unsigned>(iterations.size()));
  n4->SetConvergenceThreshold(opt.count("convergence") ? std::stod(opt["convergence"]) : 0.001);
  n4->SetNumberOfControlPoints(opt.count("control-points") ? std::stoi(opt["control-points"]) : 4);
  n4->SetSplineOrder(opt.count("spline-order") ? std::stoi(opt["spline-order"]) : 3);
  n4->SetNumberOfHistogramBins(opt.count("bins") ? std::stoi(opt["bins"]) : 200);
  n4->SetBiasFieldFullWidthAtHalfMaximum(opt.count("fwhm") ? std::stod(opt["fwhm"]) : 0.15);
  n4->SetWienerFilterNoise(opt.count("noise") ? std::stod(opt["noise"]) : 0.01);
  n4->Update();

  using Reconstructer = itk::BSplineControlPointImageFilter<N4::BiasFieldControlPointLatticeType, N4::ScalarImageType>;
  auto reconstructer = Reconstructer::New();
  reconstructer->SetInput(n4->GetLogBiasFieldControlPointLattice());
  reconstructer->SetSplineOrder(n4->GetSplineOrder());
  reconstructer->SetSize(image->GetLargestPossibleRegion().GetSize());
  reconstructer->SetOrigin(image->GetOrigin());
  reconstructer->SetSpacing(image->GetSpacing());
  reconstructer->SetDirection(image->GetDirection());
  reconstructer->Update();

  auto logField = FloatImage::New();
  logField->CopyInformation(image);
  logField->SetRegions(image->GetLargestPossibleRegion());
  logField->Allocate();
  auto corrected = FloatImage::New();
  corrected->CopyInformation(image);
  corrected->SetRegions(image->GetLargestPossibleRegion());
  corrected->Allocate();
  const auto * vectors = reconstructer->GetOutput()->GetBufferPointer();
  const float * input = image->GetBufferPointer();
  float * field = logField->GetBufferPointer();
  float * out = corrected->GetBufferPointer();
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i)
  {
    field[i] = vectors[i][0];
    out[i] = input[i] / std::exp(field[i]);
  }
  const double elapsed = seconds(start);
  const double cpu = cpuSeconds(cpuStart);

  write<FloatImage>(corrected, pos[1]);
  write<FloatImage>(logField, pos[2]);
  std::cout << "{\"seconds\": " << elapsed << ", \"cpuSeconds\": " << cpu << ", \"levels\": " << iterations.size()
            << ", \"lastLevelIterations\": " << n4->GetElapsedIterations()
            << ", \"convergence\": " << n4->GetCurrentConvergenceMeasurement()
            << ", \"threads\": " << itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads() << "}" << std::endl;
  return 0;
}

static int runResample(const std::vector<std::string> & pos, std::map<std::string, std::string> & opt)
{
  if (pos.size() != 2 || !opt.count("spacing") || !opt.count("origin") || !opt.count("size"))
  {
    std::cerr << "resample: expected <image> <out> --spacing x,y,z --origin x,y,z --size x,y,z\n";
    return 2;
  }
  DoubleImage::Pointer image = read<DoubleImage>(pos[0]);
  const std::vector<double> spacing = parseList(opt["spacing"]);
  const std::vector<double> origin = parseList(opt["origin"]);
  const std::vector<double> size = parseList(opt["size"]);
  const std::string kind = opt.count("interpolator") ? opt["interpolator"] : "bspline";

  auto start = std::chrono::steady_clock::now();
  using Resampler = itk::ResampleImageFilter<DoubleImage, DoubleImage>;
  auto resampler = Resampler::New();
  resampler->SetInput(image);
  DoubleImage::SpacingType outSpacing;
  DoubleImage::PointType outOrigin;
  DoubleImage::SizeType outSize;
  for (unsigned d = 0; d < 3; ++d)
  {
    outSpacing[d] = spacing[d];
    outOrigin[d] = origin[d];
    outSize[d] = static_cast<itk::SizeValueType>(size[d]);
  }
  resampler->SetOutputSpacing(outSpacing);
  resampler->SetOutputOrigin(outOrigin);
  resampler->SetSize(outSize);
  resampler->SetOutputDirection(image->GetDirection());
  resampler->SetDefaultPixelValue(0);
  if (kind == "bspline")
    resampler->SetInterpolator(itk::BSplineInterpolateImageFunction<DoubleImage, double>::New());
  else if (kind == "linear")
    resampler->SetInterpolator(itk::LinearInterpolateImageFunction<DoubleImage, double>::New());
  else if (kind == "nearest")
    resampler->SetInterpolator(itk::NearestNeighborInterpolateImageFunction<DoubleImage, double>::New());
  else
  {
    std::cerr << "resample: unknown interpolator " << kind << "\n";
    return 2;
  }
  resampler->Update();
  const double elapsed = seconds(start);
  write<DoubleImage>(resampler->GetOutput(), pos[1]);
  std::cout << "{\"seconds\": " << elapsed << "}" << std::endl;
  return 0;
}

static int runLoG(const std::vector<std::string> & pos, std::map<std::string, std::string> & opt)
{
  if (pos.size() != 2 || !opt.count("sigma"))
  {
    std::cerr << "log: expected <image> <out> --sigma s\n";
    return 2;
  }
  DoubleImage::Pointer image = read<DoubleImage>(pos[0]);
  auto start = std::chrono::steady_clock::now();
  auto filter = itk::LaplacianRecursiveGaussianImageFilter<DoubleImage, FloatImage>::New();
  filter->SetInput(image);
  filter->SetSigma(std::stod(opt["sigma"]));
  filter->SetNormalizeAcrossScale(true);
  filter->Update();
  const double elapsed = seconds(start);
  write<FloatImage>(filter->GetOutput(), pos[1]);
  std::cout << "{\"seconds\": " << elapsed << "}" << std::endl;
  return 0;
}

static int runGradient(const std::vector<std::string> & pos, std::map<std::string, std::string> & opt)
{
  if (pos.size() != 2)
  {
    std::cerr << "gradient: expected <image> <out> [--use-spacing 1|0]\n";
    return 2;
  }
  DoubleImage::Pointer image = read<DoubleImage>(pos[0]);
  auto start = std::chrono::steady_clock::now();
  auto filter = itk::GradientMagnitudeImageFilter<DoubleImage, FloatImage>::New();
  filter->SetInput(image);
  filter->SetUseImageSpacing(!opt.count("use-spacing") || opt["use-spacing"] != "0");
  filter->Update();
  const double elapsed = seconds(start);
  write<FloatImage>(filter->GetOutput(), pos[1]);
  std::cout << "{\"seconds\": " << elapsed << "}" << std::endl;
  return 0;
}

int main(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "usage: itk-reference n4|resample|log|gradient ...\n";
    return 2;
  }
  std::vector<std::string> pos;
  std::map<std::string, std::string> opt;
  for (int i = 2; i < argc; ++i)
  {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0 && i + 1 < argc)
      opt[arg.substr(2)] = argv[++i];
    else
      pos.push_back(arg);
  }
  if (opt.count("threads"))
  {
    itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(std::stoi(opt["threads"]));
    itk::MultiThreaderBase::SetGlobalMaximumNumberOfThreads(std::stoi(opt["threads"]));
  }
  try
  {
    const std::string command = argv[1];
    if (command == "n4")
      return runN4(pos, opt);
    if (command == "resample")
      return runResample(pos, opt);
    if (command == "log")
      return runLoG(pos, opt);
    if (command == "gradient")
      return runGradient(pos, opt);
    std::cerr << "unknown command " << command << "\n";
    return 2;
  }
  catch (const std::exception & e)
  {
    std::cerr << "itk-reference: " << e.what() << "\n";
    return 1;
  }
}
